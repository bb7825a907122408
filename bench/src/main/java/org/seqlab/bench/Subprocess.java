package org.seqlab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs a child process to completion with its output in temporary files (no pipe can fill up and block it). The child
 * and everything it started (the PyTorch peer runs under bash) end with it: at a timeout, and when the bench itself is
 * stopped, since a leftover peer would load the cores of every later measurement.
 */
record Subprocess(int exitCode, String stdout, String stderr) {

    static Subprocess run(ProcessBuilder builder, Duration timeout) throws IOException, InterruptedException {
        Path out = Files.createTempFile("seqlab-bench-", ".out");
        Path err = Files.createTempFile("seqlab-bench-", ".err");
        Process process = null;
        Thread reaper = null;
        try {
            process = builder.redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            Process started = process;
            reaper = new Thread(() -> killTree(started.toHandle()), "bench-child-reaper");
            Runtime.getRuntime().addShutdownHook(reaper);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("timed out after " + timeout.toSeconds() + " s: " + String.join(" ", builder.command()));
            }
            return new Subprocess(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            if (process != null) {
                // a no-op after a normal exit; on a timeout or an interrupt the child and its children go
                killTree(process.toHandle());
            }
            if (reaper != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(reaper);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs (or ran) anyway
                }
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The process's descendants first, so none is left behind as an orphan, then the process. */
    static void killTree(ProcessHandle process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** The last non-empty line of standard error, for a one-line failure message. */
    String lastErrorLine() {
        String[] lines = stderr.strip().split("\\R");
        return lines[lines.length - 1];
    }
}
