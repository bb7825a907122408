package org.seqlab.common.rnn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.Function;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The recurrent layers' own split of a training step across the process's threads, with OpenBLAS at one thread.
 * OpenBLAS splits each product it is handed, and between the hundreds of small per-time-step products of a
 * recurrent layer its second thread spins in {@code sched_yield}: a third of a two-thread textgen step was system
 * time, and the second core bought 1.4x (docs/performance.md, session 12). Here the rows of a batch (independent
 * sequences) run their whole loop over time on a thread each, with no synchronisation inside the loop, and the
 * large products outside the loops are cut in two ({@link DirectGemm}).
 *
 * <p>Off until an app calls {@link #enable()}: the setting is process-wide (OpenBLAS's thread count is global) and
 * pays only where the recurrent loops are ours and the products go to OpenBLAS directly.
 */
public final class StepThreads {
    /** Fewer rows than this per share and the products are too small to gain from a thread of their own. */
    static final int MIN_ROWS = 8;

    private static volatile ForkJoinPool pool;
    private static int blasThreadsBefore;

    private StepThreads() {
    }

    /** One share of a batch: rows {@code [from, from + count)} of every time step. */
    public record Rows(int from, int count) {
    }

    /**
     * Turns the split on when ND4J has two or more threads and the products go to OpenBLAS directly, and sets
     * OpenBLAS to one thread; the system property {@code seqlab.stepThreads=false} keeps it off. Idempotent.
     *
     * @return whether the split is on
     */
    public static boolean enable() {
        return Boolean.parseBoolean(System.getProperty("seqlab.stepThreads", "true"))
                && enable(Nd4j.getEnvironment().maxThreads());
    }

    /**
     * {@link #enable()} for a network of this cell: the GRU's and the fused LSTM's loops are ours and split, DL4J's
     * vanilla RNN would only lose OpenBLAS's second thread, so it is left as it is.
     *
     * @return whether the split is on
     */
    public static boolean enableFor(CellType cell) {
        return cell != CellType.RNN && enable();
    }

    /** The split across {@code threads} threads (tests ask for two on any machine). */
    static synchronized boolean enable(int threads) {
        if (pool != null) {
            return true;
        }
        if (threads < 2 || !DirectGemm.direct()) {
            return false;
        }
        blasThreadsBefore = Nd4j.factory().blas().getMaxThreads();
        Nd4j.factory().blas().setMaxThreads(1);
        pool = new ForkJoinPool(threads - 1, p -> {
            ForkJoinWorkerThread worker = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            worker.setDaemon(true);
            worker.setName("seqlab-step-" + worker.getPoolIndex());
            return worker;
        }, null, false);
        return true;
    }

    /** Back to one thread per step and OpenBLAS's own thread count, for tests that must leave the process as found. */
    static synchronized void disable() {
        if (pool != null) {
            pool.shutdown();
            pool = null;
            Nd4j.factory().blas().setMaxThreads(blasThreadsBefore);
        }
    }

    /** Whether {@link #enable()} turned the split on. */
    public static boolean enabled() {
        return pool != null;
    }

    /** Threads a step may use: 1 while the split is off. */
    static int ways() {
        ForkJoinPool p = pool;
        return p == null ? 1 : p.getParallelism() + 1;
    }

    /** The batch in as many near-equal shares as there are threads, or one share when it is too small to cut. */
    static List<Rows> shares(long batch) {
        int ways = (int) Math.min(ways(), batch / MIN_ROWS);
        List<Rows> shares = new ArrayList<>();
        if (ways <= 1) {
            shares.add(new Rows(0, (int) batch));
            return shares;
        }
        int from = 0;
        for (int i = 0; i < ways; i++) {
            int count = (int) ((batch - from) / (ways - i));
            shares.add(new Rows(from, count));
            from += count;
        }
        return shares;
    }

    /**
     * The loop over time for each share of the batch, each on a thread of its own while the split is on. {@code loopFor}
     * runs on the calling thread (allocate there: workspaces belong to it) and returns the share's loop.
     */
    static void forEachShare(long batch, Function<Rows, Runnable> loopFor) {
        run(shares(batch).stream().map(loopFor).toList());
    }

    /**
     * Runs every part and returns when all are done: the first on the calling thread, the others on the pool (or on
     * the calling thread too, when no pool thread has taken them by then). The first failure is rethrown.
     */
    static void run(List<Runnable> parts) {
        ForkJoinPool p = pool;
        if (p == null || parts.size() == 1) {
            parts.forEach(Runnable::run);
            return;
        }
        // failures are kept as thrown: a join would rethrow a copy wrapped around the original
        Throwable[] failures = new Throwable[parts.size()];
        List<ForkJoinTask<?>> forked = new ArrayList<>();
        for (int i = 1; i < parts.size(); i++) {
            int index = i;
            forked.add(p.submit(() -> runKeepingFailure(parts.get(index), failures, index)));
        }
        runKeepingFailure(parts.get(0), failures, 0);
        forked.forEach(ForkJoinTask::join);
        for (Throwable failure : failures) {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
        }
    }

    private static void runKeepingFailure(Runnable part, Throwable[] failures, int index) {
        try {
            part.run();
        } catch (RuntimeException | Error e) {
            failures[index] = e;
        }
    }

}
