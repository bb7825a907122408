package org.seqlab.common.bundle;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.Hashing;
import org.seqlab.common.io.Json;
import org.seqlab.common.testing.TinyTask;

/** A bundle is read only from its own plain files, and every byte of it, bundle.json included, is checked. */
class BundleConfinementTest {
    /** Above Linux's largest pid (2^22), so never a running process. */
    static final long DEAD_PID = 4_194_305;

    @TempDir
    Path dir;

    Path writeBundle() throws Exception {
        Path bundle = dir.resolve("model");
        ModelBundle.writer("sentiment").network(TinyTask.network(11)).metrics(Map.of("accuracy", 0.75))
                .json("labels.json", List.of("neg", "pos")).write(bundle);
        return bundle;
    }

    /** Edits bundle.json as a careful forger would: with a fresh checksum, so only the other checks can object. */
    static void edit(Path bundle, Consumer<ObjectNode> change) throws Exception {
        Path info = bundle.resolve(ModelBundle.INFO_FILE);
        ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(info.toFile());
        change.accept(tree);
        tree.put(ModelBundle.CHECKSUM_FIELD, ModelBundle.canonicalHash(tree));
        Files.writeString(info, Json.write(tree));
    }

    static String loadError(Path bundle) {
        return assertThrows(BadInputException.class, () -> ModelBundle.load(bundle, "sentiment")).getMessage();
    }

    @Test
    void filesOutsideTheBundleAreNeverReadAndTheirExistenceIsNotRevealed() throws Exception {
        Path bundle = writeBundle();
        Path outside = Files.writeString(dir.resolve("secret.txt"), "root:x:0:0");
        String hash = Hashing.sha256(outside);
        String relative = "../secret.txt";
        edit(bundle, tree -> ((ObjectNode) tree.get("files")).put(relative, hash));
        String existing = loadError(bundle);
        edit(bundle, tree -> {
            ((ObjectNode) tree.get("files")).remove(relative);
            ((ObjectNode) tree.get("files")).put(outside.toString(), hash);
        });
        String absolute = loadError(bundle);
        edit(bundle, tree -> {
            ((ObjectNode) tree.get("files")).remove(outside.toString());
            ((ObjectNode) tree.get("files")).put(dir.resolve("no-such-file").toString(), hash);
        });
        String missing = loadError(bundle);
        assertTrue(existing.contains("not a plain file name inside the bundle"), existing);
        assertTrue(absolute.contains("not a plain file name inside the bundle"), absolute);
        assertEquals(absolute.replace(outside.toString(), "X"), missing.replace(dir.resolve("no-such-file").toString(), "X"),
                "the same answer whether the outside file exists or not");
        assertFalse(existing.contains("root:"));
    }

    @Test
    void symbolicLinksInsideTheBundleAreRefused() throws Exception {
        Path bundle = writeBundle();
        Path labels = bundle.resolve("labels.json");
        Path elsewhere = Files.copy(labels, dir.resolve("elsewhere.json"));
        Files.delete(labels);
        Files.createSymbolicLink(labels, elsewhere);
        assertTrue(loadError(bundle).contains("labels.json is a symbolic link"));

        Path info = bundle.resolve(ModelBundle.INFO_FILE);
        Files.delete(labels);
        Files.move(elsewhere, labels);
        Path infoElsewhere = Files.move(info, dir.resolve("info-elsewhere.json"));
        Files.createSymbolicLink(info, infoElsewhere);
        assertTrue(loadError(bundle).contains("bundle.json is a symbolic link"));
    }

    @Test
    void anEditedBundleJsonIsDetected() throws Exception {
        Path bundle = writeBundle();
        Path info = bundle.resolve(ModelBundle.INFO_FILE);
        Files.writeString(info, Files.readString(info).replace("0.75", "0.99"));
        String error = loadError(bundle);
        assertTrue(error.contains("bundle.json does not match its checksum"), error);
        assertFalse(error.contains("\n"));
    }

    @Test
    void aFileThatMatchesItsHashButIsNotJsonIsBadInput() throws Exception {
        Path bundle = writeBundle();
        Path labels = bundle.resolve("labels.json");
        Files.writeString(labels, "[\"neg\", \"po");
        String hash = Hashing.sha256(labels);
        edit(bundle, tree -> ((ObjectNode) tree.get("files")).put("labels.json", hash));
        ModelBundle loaded = ModelBundle.load(bundle, "sentiment");
        BadInputException e = assertThrows(BadInputException.class, () -> loaded.json("labels.json", List.class));
        assertTrue(e.getMessage().contains("labels.json is not the JSON"), e.getMessage());
        assertThrows(BadInputException.class, () -> loaded.file("bundle.json"), "only listed files may be read");
    }

    @Test
    void zipEntriesStayInsideAndAFailedLoadLeavesNothingBehind() throws Exception {
        Path bundle = writeBundle();
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        Path stale = Files.createDirectories(temp.resolve("seqlab-bundle-" + DEAD_PID + "-1"));
        Files.writeString(stale.resolve("network.zip"), "half");
        List<String> before = unzipped(temp);

        Path evil = zip(bundle, "model/..", "../../evil.txt");
        assertTrue(loadError(evil).contains("not a plain file name"));
        Path truncated = dir.resolve("truncated.zip");
        byte[] whole = Files.readAllBytes(zip(bundle));
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
        loadError(truncated);
        assertEquals(before.stream().filter(n -> !n.contains(String.valueOf(DEAD_PID))).toList(), unzipped(temp),
                "no unzipped folder left by the failed loads; the killed process's one swept");
        assertFalse(Files.exists(stale));
        assertEquals("sentiment", ModelBundle.load(zip(bundle), "sentiment").info().task());
    }

    @Test
    void aBundleReplacesOnlyABundleAndTheLeftoversOfAKilledWriteGo() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "keep me");
        assertTrue(assertThrows(BadInputException.class, () -> ModelBundle.checkTarget(file)).getMessage().contains("is a file"));
        Path folder = Files.createDirectories(dir.resolve("photos"));
        Files.writeString(folder.resolve("cat.jpg"), "meow");
        assertTrue(assertThrows(BadInputException.class, () -> ModelBundle.checkTarget(folder)).getMessage()
                .contains("not a SeqLab model bundle"));
        assertThrows(BadInputException.class, () -> ModelBundle.checkTarget(file.resolve("model")));
        assertDoesNotThrow(() -> ModelBundle.checkTarget(dir.resolve("new")));
        Path bundle = writeBundle();
        assertDoesNotThrow(() -> ModelBundle.checkTarget(bundle));
        assertThrows(BadInputException.class, () -> ModelBundle.writer("sentiment").network(TinyTask.network(2))
                .write(folder), "the writer checks too");
        assertEquals("meow", Files.readString(folder.resolve("cat.jpg")));

        Path killedWrite = Files.createDirectories(dir.resolve(".model.seqlab-" + DEAD_PID + "-77"));
        Path oldVersion = Files.createDirectories(dir.resolve(".model.1234567890123"));
        Files.setLastModifiedTime(oldVersion, FileTime.from(Instant.now().minusSeconds(3600)));
        Path running = Files.createDirectories(dir.resolve(".model.seqlab-" + ProcessHandle.current().pid() + "-78"));
        ModelBundle.checkTarget(bundle);
        assertFalse(Files.exists(killedWrite));
        assertFalse(Files.exists(oldVersion));
        assertTrue(Files.exists(running), "a live process's temporary is not touched");

        // killed between setting the old bundle aside and moving the new one in: the old one comes back
        Path setAside = dir.resolve(".model.seqlab-" + DEAD_PID + "-old-5");
        Files.move(bundle, setAside);
        ModelBundle.checkTarget(bundle);
        assertEquals("sentiment", ModelBundle.load(bundle, "sentiment").info().task());
    }

    Path zip(Path bundle, String... extraEntries) throws Exception {
        Path zip = Files.createTempFile(dir, "bundle", ".zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out);
             Stream<Path> files = Files.list(bundle)) {
            for (Path f : files.toList()) {
                z.putNextEntry(new ZipEntry("model/" + f.getFileName()));
                z.write(Files.readAllBytes(f));
                z.closeEntry();
            }
            for (String name : extraEntries) {
                z.putNextEntry(new ZipEntry(name));
                z.write("x".getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return zip;
    }

    static List<String> unzipped(Path temp) throws Exception {
        try (Stream<Path> entries = Files.list(temp)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("seqlab-bundle-")).sorted().toList();
        }
    }
}
