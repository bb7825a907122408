package org.seqlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ./seqlab launcher around a stand-in java: what the user sees when the JVM ends badly. */
class LauncherTest {
    @TempDir
    Path dir;

    record Result(int code, String err) {
    }

    Result launch(String fakeJavaBody) throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path launcher = Files.copy(root.resolve("seqlab"), dir.resolve("seqlab"));
        Files.createDirectories(dir.resolve("dist"));
        Files.writeString(dir.resolve("dist/seqlab.jar"), "");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/usr/bin/env bash\n" + fakeJavaBody + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder builder = new ProcessBuilder("bash", launcher.toString(), "sentiment", "train");
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().remove("SEQLAB_JAVA_OPTS");
        // to a file, not a pipe: the launcher's stderr filter may write its last line just after the launcher ends
        Path err = dir.resolve("stderr.txt");
        Process process = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.to(err.toFile())).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        for (int i = 0; i < 50 && !Files.readString(err).endsWith("\n"); i++) {
            Thread.sleep(100);
        }
        return new Result(process.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void aJvmKilledFromOutsideGetsOneLineNamingTheMemorySettings() throws Exception {
        Result killed = launch("echo 'WARNING: Using incubator modules: jdk.incubator.vector' >&2; kill -KILL $$");
        assertEquals(137, killed.code());
        assertTrue(killed.err().contains("seqlab: killed (SIGKILL") && killed.err().contains("SEQLAB_JAVA_OPTS"),
                killed.err());
        assertFalse(killed.err().contains("incubator"), killed.err());
    }

    @Test
    void otherEndingsPassThroughUntouched() throws Exception {
        Result bad = launch("echo 'WARNING: Using incubator modules: jdk.incubator.vector' >&2; "
                + "echo 'sentiment train: no data' >&2; exit 2");
        assertEquals(2, bad.code());
        assertEquals("sentiment train: no data", bad.err().strip());
    }
}
