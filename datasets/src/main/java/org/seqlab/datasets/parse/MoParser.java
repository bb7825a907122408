package org.seqlab.datasets.parse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.seqlab.common.error.BadInputException;
import org.seqlab.datasets.TextPair;

/**
 * A GNU gettext {@code .mo} catalog. Layout (all integers 32-bit, in the byte order given by the magic
 * number 0x950412de): magic, revision, string count N, offset of the original-string table, offset of
 * the translation table; each table holds N (length, offset) pairs pointing at NUL-terminated strings.
 * A plural entry holds its forms separated by NUL; a context precedes the message id, separated by
 * EOT (0x04). The empty message id is the header, whose {@code charset=} says how strings are encoded.
 */
public final class MoParser {
    /** One message: optional context, the id and its plural id, and the translated forms. */
    public record Message(String context, String id, String pluralId, List<String> translations) {
    }

    private static final int MAGIC = 0x950412de;
    private static final Pattern CHARSET = Pattern.compile("charset=([A-Za-z0-9._:-]+)");

    private MoParser() {
    }

    public static List<Message> parse(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException("file not found: " + file);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(file, bytes);
    }

    static List<Message> parse(Path file, byte[] bytes) {
        if (bytes.length < 20) {
            throw new BadInputException(file + ": " + (bytes.length == 0 ? "empty file" : "truncated header") + ", not a .mo catalog");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.getInt(0) != MAGIC) {
            buf.order(ByteOrder.BIG_ENDIAN);
            if (buf.getInt(0) != MAGIC) {
                throw new BadInputException(file + ": bad magic number, not a .mo catalog");
            }
        }
        int major = buf.getInt(4) >>> 16;
        if (major > 1) {
            throw new BadInputException(file + ": unsupported .mo revision " + major);
        }
        int count = buf.getInt(8);
        int originals = buf.getInt(12);
        int translations = buf.getInt(16);
        if (count < 0 || !fits(originals, (long) count * 8, bytes.length) || !fits(translations, (long) count * 8, bytes.length)) {
            throw new BadInputException(file + ": truncated or corrupt .mo catalog (string tables outside the file)");
        }
        Charset charset = StandardCharsets.UTF_8;
        List<byte[][]> raw = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] id = string(file, buf, originals + 8 * i, bytes.length);
            byte[] str = string(file, buf, translations + 8 * i, bytes.length);
            if (id.length == 0) {
                charset = headerCharset(file, new String(str, StandardCharsets.US_ASCII));
            }
            raw.add(new byte[][] {id, str});
        }
        List<Message> out = new ArrayList<>(count);
        for (byte[][] entry : raw) {
            if (entry[0].length == 0) {
                continue;
            }
            String id = decode(file, entry[0], charset);
            String context = null;
            int eot = id.indexOf('\u0004');
            if (eot >= 0) {
                context = id.substring(0, eot);
                id = id.substring(eot + 1);
            }
            String[] ids = id.split("\0", -1);
            List<String> forms = List.of(decode(file, entry[1], charset).split("\0", -1));
            out.add(new Message(context, ids[0], ids.length > 1 ? ids[1] : null, forms));
        }
        return out;
    }

    /**
     * Translation pairs, German (the translation) as source and English (the message id) as target:
     * the singular form with the id and every further form with the plural id. Empty (untranslated)
     * entries are dropped; placeholders such as {@code %s} stay verbatim.
     */
    public static List<TextPair> pairs(List<Message> messages) {
        List<TextPair> out = new ArrayList<>();
        for (Message m : messages) {
            for (int i = 0; i < m.translations().size(); i++) {
                String english = i == 0 || m.pluralId() == null ? m.id() : m.pluralId();
                String german = m.translations().get(i);
                if (!german.isBlank() && !english.isBlank()) {
                    out.add(new TextPair(german, english));
                }
                if (m.pluralId() == null) {
                    break;
                }
            }
        }
        return out;
    }

    private static boolean fits(long offset, long length, long size) {
        return offset >= 0 && offset + length <= size;
    }

    private static byte[] string(Path file, ByteBuffer buf, int entry, int size) {
        int length = buf.getInt(entry);
        int offset = buf.getInt(entry + 4);
        if (length < 0 || !fits(offset, length, size)) {
            throw new BadInputException(file + ": truncated or corrupt .mo catalog (string at offset " + offset + " outside the file)");
        }
        byte[] s = new byte[length];
        buf.get(offset, s);
        return s;
    }

    private static Charset headerCharset(Path file, String header) {
        Matcher m = CHARSET.matcher(header);
        if (!m.find() || "CHARSET".equals(m.group(1))) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(m.group(1));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new BadInputException(file + ": unknown charset '" + m.group(1) + "' in the catalog header");
        }
    }

    private static String decode(Path file, byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(file + ": a message is not valid " + charset.name());
        }
    }
}
