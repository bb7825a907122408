package org.seqlab.datasets.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.seqlab.datasets.parse.Malformed.assertBad;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.datasets.TextPair;

class MoParserTest {
    @TempDir
    Path dir;

    /** Builds a .mo file from (id, translation) byte strings, the way msgfmt lays it out. */
    static byte[] mo(ByteOrder order, String[][] entries) {
        int n = entries.length;
        int originals = 28;
        int translations = originals + 8 * n;
        int strings = translations + 8 * n;
        List<byte[]> ids = new ArrayList<>();
        List<byte[]> strs = new ArrayList<>();
        int size = strings;
        for (String[] e : entries) {
            ids.add(e[0].getBytes(StandardCharsets.UTF_8));
            strs.add(e[1].getBytes(StandardCharsets.UTF_8));
            size += ids.get(ids.size() - 1).length + 1 + strs.get(strs.size() - 1).length + 1;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(order);
        b.putInt(0x950412de).putInt(0).putInt(n).putInt(originals).putInt(translations).putInt(0).putInt(0);
        int offset = strings;
        for (int table = 0; table < 2; table++) {
            for (int i = 0; i < n; i++) {
                byte[] s = (table == 0 ? ids : strs).get(i);
                b.putInt(originals + 8 * n * table + 8 * i, s.length);
                b.putInt(originals + 8 * n * table + 8 * i + 4, offset);
                b.put(offset, s);
                offset += s.length + 1;
            }
        }
        return b.array();
    }

    private static final String[][] CATALOG = {
        {"", "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n"},
        {"%s file not found", "Datei %s nicht gefunden"},
        {"%d error\0%d errors", "%d Fehler\0%d Fehler"},
        {"menu\u0004Open", "Öffnen"},
        {"untranslated", ""},
    };

    @Test
    void bothByteOrdersPluralsContextAndPlaceholders() throws IOException {
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            Path f = dir.resolve("de-" + order + ".mo");
            Files.write(f, mo(order, CATALOG));
            List<MoParser.Message> messages = MoParser.parse(f);
            assertEquals(4, messages.size());
            assertEquals(new MoParser.Message(null, "%d error", "%d errors", List.of("%d Fehler", "%d Fehler")), messages.get(1));
            assertEquals("menu", messages.get(2).context());
            assertEquals("Open", messages.get(2).id());
            assertEquals(List.of(new TextPair("Datei %s nicht gefunden", "%s file not found"),
                    new TextPair("%d Fehler", "%d error"), new TextPair("%d Fehler", "%d errors"),
                    new TextPair("Öffnen", "Open")), MoParser.pairs(messages));
        }
    }

    @Test
    void headerCharsetIsHonoured() throws IOException {
        byte[] latin = mo(ByteOrder.LITTLE_ENDIAN, new String[][] {
            {"", "Content-Type: text/plain; charset=ISO-8859-1\n"}, {"Open", "XffnenX"}});
        // Replace the placeholder X bytes with Latin-1 'Ö' (0xD6) and '!' to prove the charset is used.
        int at = indexOf(latin, "XffnenX".getBytes(StandardCharsets.US_ASCII));
        latin[at] = (byte) 0xD6;
        latin[at + 6] = '!';
        Path f = dir.resolve("latin.mo");
        Files.write(f, latin);
        assertEquals("Öffnen!", MoParser.parse(f).get(0).translations().get(0));
    }

    @Test
    void malformed() throws IOException {
        Path empty = Files.write(dir.resolve("empty.mo"), new byte[0]);
        assertBad(() -> MoParser.parse(empty), empty, "empty");
        Path magic = Files.write(dir.resolve("magic.mo"), "this is not a catalog at all".getBytes(StandardCharsets.UTF_8));
        assertBad(() -> MoParser.parse(magic), magic, "magic");
        byte[] whole = mo(ByteOrder.LITTLE_ENDIAN, CATALOG);
        Path truncated = Files.write(dir.resolve("truncated.mo"), Arrays.copyOf(whole, whole.length - 20));
        assertBad(() -> MoParser.parse(truncated), truncated, "truncated");
        Path tables = Files.write(dir.resolve("tables.mo"), Arrays.copyOf(whole, 40));
        assertBad(() -> MoParser.parse(tables), tables, "truncated");
        byte[] bad = mo(ByteOrder.LITTLE_ENDIAN, new String[][] {{"Open", "XX"}});
        int at = indexOf(bad, "XX".getBytes(StandardCharsets.US_ASCII));
        bad[at] = (byte) 0xC3;
        bad[at + 1] = (byte) 0x28;
        Path encoding = Files.write(dir.resolve("encoding.mo"), bad);
        assertBad(() -> MoParser.parse(encoding), encoding, "UTF-8");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
