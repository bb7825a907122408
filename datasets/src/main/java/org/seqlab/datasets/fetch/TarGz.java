package org.seqlab.datasets.fetch;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.seqlab.common.error.BadInputException;

/**
 * Extracts chosen regular files from a gzip-compressed tar archive (as {@code npm pack} writes them):
 * ustar names with prefix, GNU long names and pax {@code path} records. A short or corrupt archive is an
 * error, never a silently partial extraction.
 */
public final class TarGz {
    private static final int BLOCK = 512;

    private TarGz() {
    }

    /**
     * Copies every regular file whose archive path satisfies {@code wanted} to {@code dir/<path minus
     * stripPrefix>}.
     *
     * @return the number of files extracted
     */
    public static int extract(Path archive, String stripPrefix, Predicate<String> wanted, Path dir) {
        int count = 0;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive), 1 << 16)) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            while (true) {
                readFully(in, header, archive);
                if (isZero(header)) {
                    return count;
                }
                String name = longName != null ? longName : name(header);
                longName = null;
                long size = octal(header, 124, 12, archive);
                char type = (char) header[156];
                if (type == 'L' || type == 'x') {
                    String payload = new String(readBytes(in, size, archive), StandardCharsets.UTF_8);
                    longName = type == 'L' ? payload.replace("\0", "") : paxPath(payload);
                    skipPadding(in, size, archive);
                    continue;
                }
                boolean regular = type == '0' || type == '\0' || type == '7';
                String relative = name.startsWith(stripPrefix) ? name.substring(stripPrefix.length()) : null;
                if (regular && relative != null && !relative.isEmpty() && wanted.test(relative)) {
                    Path target = dir.resolve(relative).normalize();
                    if (!target.startsWith(dir.normalize())) {
                        throw new BadInputException(archive + ": entry '" + name + "' points outside the extraction folder");
                    }
                    Files.createDirectories(target.getParent());
                    try (OutputStream out = Files.newOutputStream(target)) {
                        copy(in, out, size, archive);
                    }
                    count++;
                } else {
                    skip(in, size, archive);
                }
                skipPadding(in, size, archive);
            }
        } catch (EOFException | ZipException e) {
            throw truncated(archive);
        } catch (IOException e) {
            throw new BadInputException("cannot read archive " + archive + ": " + e.getMessage(), e);
        }
    }

    private static BadInputException truncated(Path archive) {
        return new BadInputException(archive + ": truncated or corrupt archive; delete it and fetch again");
    }

    private static String name(byte[] header) {
        String name = cString(header, 0, 100);
        String magic = cString(header, 257, 6);
        String prefix = magic.startsWith("ustar") ? cString(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxPath(String records) {
        for (String record : records.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }

    private static String cString(byte[] b, int offset, int length) {
        int end = offset;
        while (end < offset + length && b[end] != 0) {
            end++;
        }
        return new String(b, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] b, int offset, int length, Path archive) {
        long value = 0;
        for (int i = offset; i < offset + length && b[i] != 0 && b[i] != ' '; i++) {
            if (b[i] < '0' || b[i] > '7') {
                throw new BadInputException(archive + ": corrupt tar header (bad size field)");
            }
            value = value * 8 + (b[i] - '0');
        }
        return value;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void readFully(InputStream in, byte[] buffer, Path archive) throws IOException {
        int read = in.readNBytes(buffer, 0, buffer.length);
        if (read != buffer.length) {
            throw truncated(archive);
        }
    }

    private static byte[] readBytes(InputStream in, long size, Path archive) throws IOException {
        if (size > 1 << 20) {
            throw new BadInputException(archive + ": implausibly long tar extended header");
        }
        byte[] b = new byte[(int) size];
        readFully(in, b, archive);
        return b;
    }

    private static void copy(InputStream in, OutputStream out, long size, Path archive) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw truncated(archive);
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static void skip(InputStream in, long size, Path archive) throws IOException {
        copy(in, OutputStream.nullOutputStream(), size, archive);
    }

    private static void skipPadding(InputStream in, long size, Path archive) throws IOException {
        long padding = (BLOCK - size % BLOCK) % BLOCK;
        skip(in, padding, archive);
    }
}
