package org.seqlab.datasets.fetch;

import org.seqlab.common.io.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.seqlab.common.io.Json;

/**
 * {@code manifest.json} of a fetched dataset: its sources, the SHA-256 and size of every file in the
 * folder, and the example counts. Written last, so a folder with a manifest whose hashes match is
 * complete and intact.
 */
public record Manifest(String name, List<String> sources, Map<String, String> sha256, Map<String, Long> bytes,
                       Map<String, Long> counts) {
    public static final String FILE = "manifest.json";

    public static Manifest describe(String name, List<String> sources, Path dir, Map<String, Long> counts) throws IOException {
        Map<String, String> sha = new TreeMap<>();
        Map<String, Long> sizes = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String relative = dir.relativize(f).toString().replace('\\', '/');
            if (!relative.equals(FILE)) {
                sha.put(relative, Hashing.sha256(f));
                sizes.put(relative, Files.size(f));
            }
        }
        return new Manifest(name, sources, sha, sizes, counts);
    }

    public void write(Path dir) throws IOException {
        Json.writeFile(dir.resolve(FILE), this);
    }

    public static Manifest read(Path dir) throws IOException {
        return Json.read(dir.resolve(FILE), Manifest.class);
    }

    public long totalBytes() {
        return bytes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Why the folder does not match its manifest (a missing, resized or altered file), or null if it does. */
    public static String problem(Path dir) {
        Manifest m;
        try {
            m = read(dir);
        } catch (IOException e) {
            return "no readable " + FILE;
        }
        if (m.sha256() == null || m.sha256().isEmpty()) {
            return FILE + " lists no files";
        }
        try {
            for (Map.Entry<String, String> e : m.sha256().entrySet()) {
                Path f = dir.resolve(e.getKey());
                if (!Files.isRegularFile(f)) {
                    return e.getKey() + " is missing";
                }
                Long size = m.bytes().get(e.getKey());
                if (size == null || Files.size(f) != size || !Hashing.sha256(f).equals(e.getValue())) {
                    return e.getKey() + " does not match its SHA-256";
                }
            }
        } catch (IOException e) {
            return "cannot read: " + e.getMessage();
        }
        return null;
    }
}
