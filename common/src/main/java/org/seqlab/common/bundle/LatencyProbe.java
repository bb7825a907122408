package org.seqlab.common.bundle;

import java.io.IOException;

/**
 * How {@code seqlab bench --model DIR} measures prediction latency of an app's model bundle. An app
 * registers one implementation for its bundle task in
 * {@code META-INF/services/org.seqlab.common.bundle.LatencyProbe}; the bench command loads the bundle with the
 * probe whose task matches and times {@link #prepare}'s prediction, one item at a time.
 */
public interface LatencyProbe {

    /** The bundle task this probe handles, as in {@code bundle.json} (e.g. {@code sentiment}). */
    String task();

    /**
     * Loads what a prediction needs from the bundle (network, vocabularies) and returns one prediction
     * on a typical single input, ready to be called repeatedly.
     */
    Runnable prepare(ModelBundle bundle) throws IOException;
}
