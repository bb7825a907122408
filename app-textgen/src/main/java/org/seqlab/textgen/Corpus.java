package org.seqlab.textgen;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.Hashing;
import org.seqlab.datasets.Catalog;
import org.seqlab.datasets.Datasets;
import org.seqlab.datasets.parse.TextSource;

/**
 * The text a language model learns: a catalog corpus ({@code moby-dick}, {@code sotu}), a UTF-8 file, or a
 * folder of them (read in path order, one after the other). Binary files, text that is not UTF-8 and empty
 * text are one-line errors. Validation is the end of the text, so that it follows the training text as
 * the char-rnn reads it, and no passage is in both.
 */
public record Corpus(String name, String text, String sha256) {
    /** Share of the text, at its end, held out for validation. */
    public static final double VALIDATION_SHARE = 0.05;
    /** Larger corpora are refused instead of filling the heap (the text, its ids and the batches). */
    static final long MAX_BYTES = 256L << 20;

    public static Corpus load(String nameOrPath) {
        String text;
        if (Catalog.find(nameOrPath).isPresent()) {
            text = Datasets.plainText(nameOrPath);
        } else {
            Path path = Path.of(nameOrPath);
            if (!Files.exists(path)) {
                throw new BadInputException("no such file, folder or catalog dataset: " + nameOrPath
                        + " (see 'seqlab data list')");
            }
            text = Files.isDirectory(path) ? readFolder(path) : readFile(path);
        }
        if (text.isBlank()) {
            throw new BadInputException(nameOrPath + " holds no text");
        }
        return new Corpus(nameOrPath, text, Hashing.sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    static String readFolder(Path dir) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new BadInputException("cannot read the folder " + dir + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new BadInputException(dir + " holds no files");
        }
        StringBuilder text = new StringBuilder();
        long bytes = 0;
        for (Path file : files) {
            bytes += size(file);
            if (bytes > MAX_BYTES) {
                throw new BadInputException(dir + " holds more than " + (MAX_BYTES >> 20) + " MB of text");
            }
            text.append(readFile(file));
        }
        return text.toString();
    }

    static String readFile(Path file) {
        if (size(file) > MAX_BYTES) {
            throw new BadInputException(file + " is larger than " + (MAX_BYTES >> 20) + " MB");
        }
        if (looksBinary(file)) {
            throw new BadInputException(file + " looks like a binary file, not text");
        }
        return TextSource.readAll(file);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** A NUL byte in the first 8 KB, or more than 10 % control characters there (UTF-8 text has neither). */
    static boolean looksBinary(Path file) {
        byte[] head = new byte[8192];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage());
        }
        int control = 0;
        for (int i = 0; i < n; i++) {
            int b = head[i] & 0xff;
            if (b == 0) {
                return true;
            }
            if (b < 32 && b != '\n' && b != '\r' && b != '\t' && b != '\f') {
                control++;
            }
        }
        return control * 10 > n;
    }

    /** Where validation starts: the last {@link #VALIDATION_SHARE} of the tokens. */
    public static int validationStart(int tokens) {
        return tokens - (int) Math.round(tokens * VALIDATION_SHARE);
    }
}
