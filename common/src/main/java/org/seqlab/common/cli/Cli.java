package org.seqlab.common.cli;

import org.seqlab.common.error.BadInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.seqlab.common.io.AtomicFiles;
import org.seqlab.common.io.SeqlabHome;
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
            if (userError != null) {
                System.err.println(name + ": " + oneLine(userError.getMessage()));
                return ExitCodes.BAD_INPUT;
            }
            Path log = writeCrashLog(ex);
            System.err.println(name + ": internal error: " + oneLine(String.valueOf(ex))
                    + (log == null ? "" : " (stack trace in " + log + ")"));
            return ExitCodes.INTERNAL_ERROR;
        });
        return cmd.execute(args);
    }

    /** Runs and exits the JVM with the command's exit code; for {@code main} methods. */
    public static void main(Object command, String... args) {
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
    public static String readArgumentOrStdin(String value) throws IOException {
        return "-".equals(value) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : value;
    }
}
