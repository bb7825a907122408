package org.seqlab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs a child process to completion with its output in temporary files (no pipe can fill up and block it). */
record Subprocess(int exitCode, String stdout, String stderr) {

    static Subprocess run(ProcessBuilder builder, long timeoutMinutes) throws IOException, InterruptedException {
        Path out = Files.createTempFile("seqlab-bench-", ".out");
        Path err = Files.createTempFile("seqlab-bench-", ".err");
        try {
            Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("timed out after " + timeoutMinutes + " minutes: " + String.join(" ", builder.command()));
            }
            return new Subprocess(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The last non-empty line of standard error, for a one-line failure message. */
    String lastErrorLine() {
        String[] lines = stderr.strip().split("\\R");
        return lines[lines.length - 1];
    }
}
