package org.seqlab.common.cli;

import org.seqlab.common.error.BadInputException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.seqlab.common.testing.CommandRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class CliTest {
    @Command(name = "demo", mixinStandardHelpOptions = true)
    static class Demo implements Callable<Integer> {
        @Option(names = "--fail", description = "What to fail with: user, file, bug.")
        String fail = "";

        @Mixin
        TrainOptions train = new TrainOptions();

        @Override
        public Integer call() throws Exception {
            train.validate();
            switch (fail) {
                case "user" -> throw new BadInputException("the file x.csv has no 'text' column\n(line 3)");
                case "file" -> Files.readString(Path.of("/definitely/not/here.txt"));
                case "bug" -> throw new IllegalStateException("boom");
                case "heap" -> throw new OutOfMemoryError("Java heap space");
                case "wrapped-heap" -> throw new RuntimeException(new OutOfMemoryError("Java heap space"));
                case "off-heap" -> throw new OutOfMemoryError("Cannot allocate new LongPointer(8): totalBytes = 8G, "
                        + "physicalBytes = 9G; maxBytes = 8G");
                case "denied" -> throw new java.nio.file.AccessDeniedException("/ro/model");
                case "read-only" -> throw new java.nio.file.FileSystemException("/ro/model", null, "Read-only file system");
                default -> {
                }
            }
            return 0;
        }
    }

    static CommandRun run(String... args) {
        return CommandRun.of(new Demo(), args);
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() {
        for (String[] args : new String[][] {{"--fail", "user"}, {"--fail", "file"}, {"--bogus"}, {"--epochs", "0"},
                {"--batch", "many"}}) {
            CommandRun r = run(args);
            assertEquals(ExitCodes.BAD_INPUT, r.code(), String.join(" ", args));
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace");
        }
        assertTrue(run("--fail", "file").err().contains("file not found: /definitely/not/here.txt"));
    }

    @Test
    void internalErrorIsOneLineAndExitCodeOne() {
        Path home = Path.of(System.getProperty("java.io.tmpdir"), "seqlab-cli-test-" + ProcessHandle.current().pid());
        System.setProperty("seqlab.home", home.toString());
        try {
            CommandRun r = run("--fail", "bug");
            assertEquals(ExitCodes.INTERNAL_ERROR, r.code());
            assertEquals(1, r.err().strip().lines().count());
            assertTrue(r.err().contains("internal error"));
            assertTrue(Files.exists(home.resolve("last-error.log")));
        } finally {
            System.clearProperty("seqlab.home");
        }
    }

    @Test
    void outOfMemoryIsTheOneLineInternalErrorNamingTheSettingToRaise() throws Exception {
        Path home = Files.createTempDirectory("seqlab-cli-oom");
        System.setProperty("seqlab.home", home.toString());
        try {
            for (String kind : new String[] {"heap", "wrapped-heap", "off-heap"}) {
                Files.deleteIfExists(home.resolve("last-error.log"));
                CommandRun r = run("--fail", kind);
                assertEquals(ExitCodes.INTERNAL_ERROR, r.code(), kind);
                assertEquals(1, r.err().strip().lines().count(), r.err());
                assertTrue(r.err().contains("out of memory") && r.err().contains("SEQLAB_JAVA_OPTS"), r.err());
                assertTrue(r.err().contains(kind.equals("off-heap") ? "javacpp.maxbytes" : "-Xmx"), r.err());
                assertTrue(Files.readString(home.resolve("last-error.log")).contains("OutOfMemoryError"), kind);
            }
        } finally {
            System.clearProperty("seqlab.home");
            org.seqlab.common.io.AtomicFiles.deleteRecursively(home);
        }
    }

    @Test
    void outOfMemoryInAnotherThreadEndsTheCommandWithTheSameOneLine() throws Exception {
        Path home = Files.createTempDirectory("seqlab-cli-oom-thread");
        try {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-Dseqlab.home=" + home,
                    OutOfMemoryInThreadMain.class.getName()).redirectErrorStream(true).start();
            assertTrue(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "ended without waiting out the minute");
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(ExitCodes.INTERNAL_ERROR, process.exitValue());
            assertEquals(1, output.strip().lines().count(), output);
            assertTrue(output.startsWith("loader: internal error: out of memory") && output.contains("SEQLAB_JAVA_OPTS"),
                    output);
            assertTrue(Files.exists(home.resolve("last-error.log")));
        } finally {
            org.seqlab.common.io.AtomicFiles.deleteRecursively(home);
        }
    }

    @Test
    void aFolderThatCannotBeWrittenIsBadInput() {
        for (String kind : new String[] {"denied", "read-only"}) {
            CommandRun r = run("--fail", kind);
            assertEquals(ExitCodes.BAD_INPUT, r.code(), kind);
            assertTrue(r.err().contains("/ro/model"), r.err());
            assertEquals(1, r.err().strip().lines().count());
        }
    }

    @Test
    void helpDescribesEveryOption() {
        var cmd = new picocli.CommandLine(new Demo());
        cmd.getCommandSpec().options().forEach(o ->
                assertTrue(o.description().length > 0 && !o.description()[0].isBlank(), "undocumented: " + o.longestName()));
        assertEquals(0, run("--help").code());
    }
}
