package org.seqlab.common.train;

/**
 * Turns on DL4J's native layer helpers (oneDNN for convolution, pooling and batch normalisation on CPU, cuDNN on
 * CUDA), which DL4J M2.1 leaves off unless {@code org.eclipse.deeplearning4j.helpers.disable=false}. A value the user
 * set on the command line wins. Call before any network is built or loaded: layers pick their helper when created.
 */
public final class LayerHelpers {
    static final String DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private LayerHelpers() {
    }

    public static void enable() {
        if (System.getProperty(DISABLE_PROPERTY) == null) {
            System.setProperty(DISABLE_PROPERTY, "false");
        }
    }
}
