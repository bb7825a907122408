package org.seqlab.common.cli;

import org.seqlab.common.error.BadInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.seqlab.common.io.AtomicFiles;
import org.seqlab.common.io.SeqlabHome;
import org.seqlab.common.train.Nd4jSetup;
import picocli.CommandLine;

/**
 * Runs a picocli command with SeqLab's error conventions: bad usage or bad input gives one line on
 * stderr and exit code 2; an internal error gives one line (the stack trace goes to a log file under
 * {@code SEQLAB_HOME}) and exit code 1.
 */
public final class Cli {
    private Cli() {
    }

    /** Parses and runs; returns the exit code instead of exiting, so tests can call it. */
    public static int run(Object command, String... args) {
        Nd4jSetup.configure();
        CommandLine cmd = new CommandLine(command);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setUsageHelpAutoWidth(true);
        cmd.setParameterExceptionHandler((ex, a) -> {
            String name = ex.getCommandLine().getCommandSpec().qualifiedName();
            System.err.println(name + ": " + oneLine(ex.getMessage()) + " (see '" + name + " --help')");
            return ExitCodes.BAD_INPUT;
        });
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            String name = commandLine.getCommandSpec().qualifiedName();
            Throwable userError = userError(ex);
            for (Throwable t = ex; t != null && t != t.getCause(); t = t.getCause()) {
                if (t instanceof OutOfMemoryError) {
                    return outOfMemory(name, ex);
                }
            }
            if (userError != null) {
                System.err.println(name + ": " + oneLine(userError.getMessage()));
                return ExitCodes.BAD_INPUT;
            }
            Path log = writeCrashLog(ex);
            System.err.println(name + ": internal error: " + oneLine(String.valueOf(ex))
                    + (log == null ? "" : " (stack trace in " + log + ")"));
            return ExitCodes.INTERNAL_ERROR;
        });
        try {
            return cmd.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli passes Errors through; this one is a setting the user can raise, so it gets the same one line
            return outOfMemory(cmd.getCommandSpec().qualifiedName(), e);
        }
    }

    private static int outOfMemory(String name, Throwable error) {
        Path log = writeCrashLog(error);
        System.err.println(name + ": internal error: " + outOfMemoryAdvice(error)
                + (log == null ? "" : " (stack trace in " + log + ")"));
        return ExitCodes.INTERNAL_ERROR;
    }

    /** What ran out and which setting raises it: the Java heap (-Xmx) or ND4J's off-heap budget (javacpp maxbytes). */
    static String outOfMemoryAdvice(Throwable error) {
        String message = String.valueOf(error.getMessage());
        boolean offHeap = message.contains("maxBytes") || message.contains("maxPhysicalBytes")
                || message.contains("Physical memory usage") || message.contains("Cannot allocate");
        if (offHeap) {
            return "out of memory outside the Java heap (" + oneLine(message) + "); raise ND4J's budget, e.g. "
                    + "SEQLAB_JAVA_OPTS='-Xmx4g -Dorg.bytedeco.javacpp.maxbytes=16g "
                    + "-Dorg.bytedeco.javacpp.maxphysicalbytes=0 --add-modules jdk.incubator.vector', or use less data";
        }
        long maxMb = Runtime.getRuntime().maxMemory() >> 20;
        return "out of memory (" + oneLine(message) + ", Java heap limit " + maxMb + " MB); raise it, e.g. "
                + "SEQLAB_JAVA_OPTS='-Xmx" + Math.max(2, 2 * ((maxMb + 1023) >> 10)) + "g "
                + "-Dorg.bytedeco.javacpp.maxbytes=4g -Dorg.bytedeco.javacpp.maxphysicalbytes=0 "
                + "--add-modules jdk.incubator.vector', or use less data";
    }

    /** Runs and exits the JVM with the command's exit code; for {@code main} methods. */
    public static void main(Object command, String... args) {
        // out of memory in another thread (a data loader, say) would otherwise print a raw trace and leave the
        // command waiting: give the same one line and end
        Thread.UncaughtExceptionHandler standard = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            if (error instanceof OutOfMemoryError) {
                System.exit(outOfMemory(new CommandLine(command).getCommandSpec().qualifiedName(), error));
            } else if (standard != null) {
                standard.uncaughtException(thread, error);
            } else {
                thread.getThreadGroup().uncaughtException(thread, error);
            }
        });
        System.exit(run(command, args));
    }

    /** Finds a user-caused error anywhere in the cause chain (DL4J wraps exceptions freely). */
    static Throwable userError(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof BadInputException) {
                return t;
            }
            if (t instanceof NoSuchFileException e) {
                return new BadInputException("file not found: " + e.getFile());
            }
            if (t instanceof AccessDeniedException e) {
                return new BadInputException("permission denied: " + e.getFile());
            }
            if (t instanceof FileSystemException e && "Read-only file system".equals(e.getReason())) {
                return new BadInputException("cannot write " + e.getFile() + ": read-only file system");
            }
            if (t == t.getCause()) {
                break;
            }
        }
        return null;
    }

    static String oneLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        String flat = message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        return flat.length() > 500 ? flat.substring(0, 500) + "..." : flat;
    }

    private static Path writeCrashLog(Throwable ex) {
        try {
            StringWriter trace = new StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            Path log = SeqlabHome.dir().resolve("last-error.log");
            Files.createDirectories(log.getParent());
            AtomicFiles.writeString(log, trace.toString());
            return log;
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return null;
        }
    }

    /** Reads a text argument that may be {@code -} for standard input. */
    public static String readArgumentOrStdin(String value) {
        if (!"-".equals(value)) {
            return value;
        }
        try {
            return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw PredictLinesCommand.unreadable(e);
        }
    }
}
