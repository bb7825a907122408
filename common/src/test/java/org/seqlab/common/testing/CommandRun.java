package org.seqlab.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.seqlab.common.cli.Cli;
import org.seqlab.common.io.Json;

/** Runs a command line in-process as a user would, with the given standard input, capturing both outputs. */
public record CommandRun(int code, String out, String err) {

    public static CommandRun of(Object command, String... args) {
        return withInput(command, new byte[0], args);
    }

    public static CommandRun withInput(Object command, String stdin, String... args) {
        return withInput(command, stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    public static CommandRun withInput(Object command, byte[] stdin, String... args) {
        return withStream(command, new ByteArrayInputStream(stdin), args);
    }

    /** With standard input from {@code stdin} (one that fails, say). */
    public static synchronized CommandRun withStream(Object command, InputStream stdin, String... args) {
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        InputStream savedIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setIn(stdin);
        try {
            int code = Cli.run(command, args);
            return new CommandRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
            System.setIn(savedIn);
        }
    }

    /** Standard output read as JSON lines. */
    public List<JsonNode> json() {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                try {
                    lines.add(Json.MAPPER.readTree(line));
                } catch (java.io.IOException e) {
                    throw new UncheckedIOException("not a JSON line: " + line, e);
                }
            }
        }
        return lines;
    }
}
