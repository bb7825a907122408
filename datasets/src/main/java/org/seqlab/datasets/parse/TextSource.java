package org.seqlab.datasets.parse;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.seqlab.common.cli.BadInputException;

/**
 * Strict UTF-8 reading of a user file, one character or one line at a time, with the current line
 * number for error messages. Invalid UTF-8 is an error (not silently replaced), a leading byte-order
 * mark is skipped, CR, LF and CRLF all end a line, and a line longer than {@link #MAX_LINE_CHARS} is
 * rejected instead of being buffered until memory runs out.
 */
public final class TextSource implements Closeable {
    /** 4 Mi characters: far above any real sentence, review or e-mail, far below the heap. */
    public static final int MAX_LINE_CHARS = 1 << 22;

    private final Path file;
    private final Reader reader;
    private final char[] buffer = new char[1 << 16];
    private int length;
    private int position;
    private long line = 1;
    private int pushedBack = -2;

    private TextSource(Path file, InputStream in) {
        this.file = file;
        this.reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    public static TextSource open(Path file) {
        try {
            TextSource source = new TextSource(file, new BufferedInputStream(Files.newInputStream(file)));
            if (source.peek() == '\uFEFF') {
                source.read();
            }
            return source;
        } catch (NoSuchFileException e) {
            throw new BadInputException("file not found: " + file);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a whole file as one string (strict UTF-8, BOM dropped, line length checked). */
    public static String readAll(Path file) {
        StringBuilder text = new StringBuilder();
        try (TextSource source = open(file)) {
            String l;
            while ((l = source.readLine()) != null) {
                text.append(l).append('\n');
            }
        }
        return text.toString();
    }

    public Path file() {
        return file;
    }

    /** The line the next character belongs to (1-based). */
    public long line() {
        return line;
    }

    /** A one-line error naming this file and the current line. */
    public BadInputException error(String message) {
        return error(line, message);
    }

    public BadInputException error(long atLine, String message) {
        return new BadInputException(file + ":" + atLine + ": " + message);
    }

    /** The next character, or -1 at the end; CRLF and CR come back as a single '\n'. */
    public int read() {
        int c = pushedBack != -2 ? pushedBack : raw();
        pushedBack = -2;
        if (c == '\r') {
            int next = raw();
            if (next != '\n') {
                pushedBack = next;
            }
            c = '\n';
        }
        if (c == '\n') {
            line++;
        }
        return c;
    }

    public int peek() {
        if (pushedBack == -2) {
            pushedBack = raw();
        }
        return pushedBack == '\r' ? '\n' : pushedBack;
    }

    /** The next line without its terminator, or null at the end. */
    public String readLine() {
        if (peek() == -1) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = read()) != -1 && c != '\n') {
            sb.append((char) c);
            if (sb.length() > MAX_LINE_CHARS) {
                throw error("line longer than " + MAX_LINE_CHARS + " characters; is this really a text file?");
            }
        }
        return sb.toString();
    }

    private int raw() {
        if (position == length) {
            try {
                length = reader.read(buffer);
            } catch (CharacterCodingException e) {
                throw error("not valid UTF-8 text (convert it with e.g. 'iconv -f latin1 -t utf-8')");
            } catch (IOException e) {
                throw error("read failed: " + e.getMessage());
            }
            position = 0;
            if (length <= 0) {
                length = 0;
                return -1;
            }
        }
        return buffer[position++];
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            throw new BadInputException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }
}
