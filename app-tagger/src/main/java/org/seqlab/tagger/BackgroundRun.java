package org.seqlab.tagger;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Work on a daemon thread of its own (the left-to-right comparison network, trained beside the main one: each
 * network's small operations keep about one core busy, so two of them use two cores where one network could not).
 * A daemon, so that a failure of the main work still ends the process.
 */
final class BackgroundRun<T> {
    private final FutureTask<T> task;

    private BackgroundRun(FutureTask<T> task) {
        this.task = task;
    }

    static <T> BackgroundRun<T> start(String threadName, Callable<T> work) {
        FutureTask<T> task = new FutureTask<>(work);
        Thread thread = new Thread(task, threadName);
        thread.setDaemon(true);
        thread.start();
        return new BackgroundRun<>(task);
    }

    /** Waits for the work and returns its result, or throws what it threw. */
    T await() throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + task, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }
}
