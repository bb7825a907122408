package org.seqlab.common.rnn;

/**
 * Loads the Vector API implementations of the recurrent layers' step loops ({@link LstmSteps},
 * {@link GruSteps}) by name, so that the layers load and run (on their scalar or ND4J paths) in a JVM
 * without module {@code jdk.incubator.vector}. The module is in the boot layer when the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (the {@code ./seqlab} launcher and the Maven tests do that).
 * System property {@code seqlab.vector=false} turns the SIMD loops off.
 */
public final class SimdLoops {
    private SimdLoops() {
    }

    /** An instance of {@code className}, or null when the module is absent, turned off or fails to load. */
    public static <T> T load(Class<T> type, String className) {
        if (!Boolean.parseBoolean(System.getProperty("seqlab.vector", "true"))
                || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            // the implementations are package-private classes of the package that uses them, not this one's
            var constructor = Class.forName(className).getDeclaredConstructor();
            constructor.setAccessible(true);
            return type.cast(constructor.newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
