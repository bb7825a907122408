package org.seqlab.common.app;

import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.common.rnn.StepThreads;

/**
 * OpenBLAS limited to one thread until {@link #close}, which restores the count it found. For several networks
 * working at once, each on a thread of its own (prediction workers, a comparison trained beside the main model):
 * each is one core's worth of work, and BLAS threads splitting its small products would only spin (sched_yield).
 * The setting is process-wide.
 */
public final class OneBlasThread implements AutoCloseable {
    private final int before;

    private OneBlasThread() {
        before = Nd4j.factory().blas().getMaxThreads();
        Nd4j.factory().blas().setMaxThreads(1);
    }

    /** Limits OpenBLAS to one thread; use in try-with-resources. */
    public static OneBlasThread start() {
        return new OneBlasThread();
    }

    @Override
    public void close() {
        // the recurrent layers' own split needs OpenBLAS at one thread from the moment it is on
        if (!StepThreads.enabled()) {
            Nd4j.factory().blas().setMaxThreads(before);
        }
    }
}
