package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * Lets DL4J 1.0.0-M2.1 find ND4J's native environment under its old name. DL4J's oneDNN layer helpers
 * (convolution, pooling, batch normalisation) ask {@code org.nd4j.nativeblas.Nd4jCpu$Environment} whether oneDNN
 * is on, but ND4J M2.1 moved that class to {@code org.nd4j.linalg.cpu.nativecpu.bindings}; without this bridge
 * the check fails and every layer falls back to the slow Java-orchestrated path (docs/performance.md).
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** The old name's view of the environment: only what DL4J's helper check calls. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** ND4J's own switch ({@code Environment.setUseONEDNN}); false when the natives are not a oneDNN build. */
        public boolean isUseMKLDNN() {
            try {
                Class<?> environment = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
                Object instance = environment.getMethod("getInstance").invoke(null);
                Method useOneDnn = environment.getMethod("isUseONEDNN");
                return (Boolean) useOneDnn.invoke(instance);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false;
            }
        }
    }
}
