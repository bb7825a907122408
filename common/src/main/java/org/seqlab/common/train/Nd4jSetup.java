package org.seqlab.common.train;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What every SeqLab process sets up before it builds or loads a network ({@link #configure()}): DL4J's native layer
 * helpers, and a regular garbage collection that frees ND4J's native buffers.
 */
public final class Nd4jSetup {
    static final String DISABLE_HELPERS_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    /** Seconds between collections (0 = none); a system property, so that a user can change or stop it. */
    static final String GC_SECONDS_PROPERTY = "seqlab.gcSeconds";
    private static ScheduledExecutorService collector;

    private Nd4jSetup() {
    }

    public static synchronized void configure() {
        enableLayerHelpers();
        long seconds = Long.getLong(GC_SECONDS_PROPERTY, 10);
        if (collector == null && seconds > 0) {
            collector = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "seqlab-native-gc");
                t.setDaemon(true);
                return t;
            });
            collector.scheduleAtFixedRate(System::gc, seconds, seconds, TimeUnit.SECONDS);
        }
    }

    /**
     * DL4J's native layer helpers (oneDNN for convolution, pooling and batch normalisation on CPU, cuDNN on CUDA),
     * which DL4J M2.1 leaves off unless {@code org.eclipse.deeplearning4j.helpers.disable=false}. A value the user set
     * on the command line wins. Layers pick their helper when they are created.
     */
    static void enableLayerHelpers() {
        if (System.getProperty(DISABLE_HELPERS_PROPERTY) == null) {
            System.setProperty(DISABLE_HELPERS_PROPERTY, "false");
        }
    }
}
