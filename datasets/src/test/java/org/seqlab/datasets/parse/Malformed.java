package org.seqlab.datasets.parse;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.function.Executable;
import org.seqlab.common.error.BadInputException;

/** Helpers for the malformed-input tests every parser gets. */
final class Malformed {
    private Malformed() {
    }

    static Path write(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** Valid text with one Latin-1 byte (0xE9, "é") in the middle of line 2: not UTF-8. */
    static Path latin1(Path dir, String name, String line1, String line2Prefix) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write((line1 + "\n" + line2Prefix).getBytes(StandardCharsets.UTF_8));
            out.write(0xE9);
            out.write("t\n".getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    /** A file whose line 2 is 50 MB long (written in chunks, so the test itself stays small in memory). */
    static Path hugeLine(Path dir, String name, String line1, String fill) throws IOException {
        Path file = dir.resolve(name);
        byte[] chunk = fill.repeat(1 << 20 / fill.length()).getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write((line1 + "\n").getBytes(StandardCharsets.UTF_8));
            for (long written = 0; written < 50L << 20; written += chunk.length) {
                out.write(chunk);
            }
            out.write('\n');
        }
        return file;
    }

    /** Asserts a one-line BadInputException whose message names the file and contains every fragment. */
    static BadInputException assertBad(Executable parse, Path file, String... fragments) {
        BadInputException e = assertThrows(BadInputException.class, parse);
        String message = e.getMessage();
        assertTrue(message.contains(file.getFileName().toString()), () -> "names the file: " + message);
        assertTrue(!message.contains("\n"), () -> "one line: " + message);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "mentions '" + fragment + "': " + message);
        }
        return e;
    }
}
