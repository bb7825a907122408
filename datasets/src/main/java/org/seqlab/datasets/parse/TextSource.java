package org.seqlab.datasets.parse;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.seqlab.common.error.BadInputException;

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
    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private final CharBuffer chars = CharBuffer.allocate(1 << 16).flip();
    private boolean endOfInput;
    private boolean malformed;
    private long line = 1;
    private int pushedBack = -2;

    private TextSource(Path file, InputStream in) {
        this.file = file;
        this.in = in;
    }

    public static TextSource open(Path file) {
        try {
            BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file));
            String utf16 = utf16Evidence(in);
            if (utf16 != null) {
                in.close();
                throw new BadInputException(file + ":1: this is UTF-16 text, not UTF-8 (" + utf16
                        + "); convert it with e.g. 'iconv -f utf-16 -t utf-8'");
            }
            TextSource source = new TextSource(file, in);
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

    /**
     * Why the start of {@code in} looks like UTF-16 (a UTF-16 byte-order mark, or every other byte zero as in
     * UTF-16 English text, which is valid UTF-8 full of NULs), or null; {@code in} is left where it was.
     */
    static String utf16Evidence(BufferedInputStream in) throws IOException {
        byte[] head = new byte[4096];
        in.mark(head.length);
        int n = in.readNBytes(head, 0, head.length);
        in.reset();
        if (n >= 2 && ((head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xFE
                || (head[0] & 0xff) == 0xFE && (head[1] & 0xff) == 0xFF)) {
            return "it starts with a UTF-16 byte-order mark";
        }
        int[] zeros = new int[2];
        for (int i = 0; i < n; i++) {
            if (head[i] == 0) {
                zeros[i % 2]++;
            }
        }
        int pairs = n / 2;
        boolean alternating = Math.max(zeros[0], zeros[1]) > pairs * 0.3 && Math.min(zeros[0], zeros[1]) < pairs * 0.05;
        return pairs >= 4 && alternating ? "every other byte is zero" : null;
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

    /** A line's text and its 1-based number, for error messages. */
    public record Line(long number, String text) {
    }

    /** The next line that is not blank, or null at the end. */
    public Line nextNonBlank() {
        while (true) {
            long number = line;
            String text = readLine();
            if (text == null || !text.isBlank()) {
                return text == null ? null : new Line(number, text);
            }
        }
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

    /**
     * Decodes by hand rather than through a Reader, so that the characters before an invalid byte are
     * delivered first and the error is reported on the line that holds it.
     */
    private int raw() {
        while (!chars.hasRemaining()) {
            if (malformed) {
                throw error("not valid UTF-8 text (convert it with e.g. 'iconv -f latin1 -t utf-8')");
            }
            if (endOfInput && !bytes.hasRemaining()) {
                return -1;
            }
            if (!endOfInput) {
                bytes.compact();
                try {
                    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                    if (n < 0) {
                        endOfInput = true;
                    } else {
                        bytes.position(bytes.position() + n);
                    }
                } catch (IOException e) {
                    throw error("read failed: " + e.getMessage());
                }
                bytes.flip();
            }
            chars.clear();
            CoderResult result = decoder.decode(bytes, chars, endOfInput);
            chars.flip();
            malformed = result.isError();
        }
        return chars.get();
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new BadInputException("cannot close " + file + ": " + e.getMessage(), e);
        }
    }
}
