package org.seqlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubprocessTest {
    @TempDir
    Path dir;

    @Test
    void aTimeoutEndsTheChildAndWhatItStarted() throws Exception {
        // the shape of the PyTorch peer: bash waiting for a program it started
        Path pidFile = dir.resolve("grandchild.pid");
        ProcessBuilder sleeper = new ProcessBuilder("bash", "-c", "sleep 300 & echo $! > " + pidFile + "; wait");
        IOException timedOut = assertThrows(IOException.class, () -> Subprocess.run(sleeper, Duration.ofSeconds(2)));
        assertTrue(timedOut.getMessage().startsWith("timed out after 2 s"), timedOut.getMessage());
        long grandchild = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle handle = ProcessHandle.of(grandchild).orElse(null);
        if (handle != null) {
            handle.onExit().get(java.util.concurrent.TimeUnit.SECONDS.toMillis(10), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        assertFalse(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false),
                "the program the child started is gone too");
    }

    @Test
    void aFinishedChildGivesItsOutputAndExitCode() throws Exception {
        Subprocess run = Subprocess.run(new ProcessBuilder("bash", "-c", "echo out; echo err >&2; exit 3"),
                Duration.ofSeconds(30));
        assertEquals(3, run.exitCode());
        assertEquals("out\n", run.stdout());
        assertEquals("err", run.lastErrorLine());
    }
}
