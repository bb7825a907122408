package org.seqlab.common.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.AtomicFiles;
import org.seqlab.common.io.Hashing;
import org.seqlab.common.io.Json;
import org.seqlab.common.io.OutputFile;
import org.seqlab.common.train.Trainables;

/**
 * A trained model on disk: a folder (or a zip of one) with the network, any vocabularies and settings
 * the app needs, and {@code bundle.json}. Written atomically; loading checks the format version, the
 * task, the checksum of {@code bundle.json} itself and of every file it lists, so a truncated, foreign,
 * edited or half-copied bundle is a one-line error. Only plain files directly inside the bundle folder are
 * ever read: listed names are checked before the disk is touched, and symbolic links are refused.
 */
public final class ModelBundle {
    /**
     * 3: {@code bundle.json} holds the SHA-256 of its own canonical content ({@value #CHECKSUM_FIELD});
     * 2: named networks ({@code networks} in bundle.json, one {@code <name>.zip} each); 1 had one network.
     */
    public static final int FORMAT_VERSION = 3;
    static final String CHECKSUM_FIELD = "checksum";
    /** A file name directly inside the bundle: no folders, no {@code ..}, not hidden, not absolute. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final String TEMP_PREFIX = "seqlab-bundle-";
    /** Zipped bundles this process unpacked: deleted when it ends. */
    private static final Set<Path> UNZIPPED = ConcurrentHashMap.newKeySet();
    public static final String INFO_FILE = "bundle.json";
    /** The name of a bundle's network when it has only one (format 1 bundles always). */
    public static final String MAIN_NETWORK = "network";
    public static final String NETWORK_FILE = MAIN_NETWORK + ".zip";
    static final String SEQLAB_VERSION = "0.1.0";

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> UNZIPPED.forEach(dir -> {
            try {
                AtomicFiles.deleteRecursively(dir);
            } catch (IOException | RuntimeException e) {
                // best effort: the next load sweeps it
            }
        }), "seqlab-unzipped-bundles"));
    }

    private final Path dir;
    private final BundleInfo info;

    private ModelBundle(Path dir, BundleInfo info) {
        this.dir = dir;
        this.info = info;
    }

    public BundleInfo info() {
        return info;
    }

    public Path dir() {
        return dir;
    }

    /** A file the app stored with {@link Writer#json} or {@link Writer#file} (checked against its checksum on load). */
    public Path file(String name) {
        if (!info.files().containsKey(name)) {
            throw new BadInputException("model bundle " + dir + " has no " + name);
        }
        return dir.resolve(name);
    }

    /** A JSON file of the bundle; one that matches its checksum but does not parse is a bad bundle, not a crash. */
    public <T> T json(String name, Class<T> type) throws IOException {
        try {
            return Json.read(file(name), type);
        } catch (JsonProcessingException e) {
            throw new BadInputException("model bundle " + dir + " is not valid: " + name + " is not the JSON this "
                    + "SeqLab expects (" + e.getOriginalMessage() + ")");
        }
    }

    /** The bundle's only (or main) network, restored without its updater state (for prediction). */
    public <T> T network(Class<T> type) throws IOException {
        return network(MAIN_NETWORK, type);
    }

    /** A named network, restored without its updater state (for prediction). */
    public <T> T network(String name, Class<T> type) throws IOException {
        String networkType = info.networkTypes().get(name);
        if (networkType == null) {
            throw new BadInputException("model bundle " + dir + " has no network '" + name + "' (it has "
                    + info.networkTypes().keySet() + ")");
        }
        Object network = Trainables.load(file(name + ".zip"), networkType, false).network();
        if (!type.isInstance(network)) {
            throw new BadInputException("model bundle " + dir + " holds a " + networkType
                    + " network, not the " + type.getSimpleName() + " this command needs");
        }
        return type.cast(network);
    }

    /**
     * Checks, before any long work, that a bundle may be written at {@code target}: a bundle replaces only a
     * bundle (of any task), never a file or a folder of something else, and the folder above it can be written.
     */
    public static void checkTarget(Path target) {
        OutputFile.checkFolder("--model", target, "a model bundle",
                "is not a SeqLab model bundle; SeqLab replaces only bundles", dir -> Files.isRegularFile(dir.resolve(INFO_FILE)));
    }

    public static Writer writer(String task) {
        return new Writer(task);
    }

    /** Loads a bundle folder or zip of any task (see {@link #load(Path, String)}). */
    public static ModelBundle load(Path path) throws IOException {
        return load(path, null);
    }

    /**
     * Loads a bundle folder or zip and checks it is a valid bundle for {@code expectedTask} (null: any task).
     * Zips are unpacked into a temporary folder that is deleted when the JVM exits.
     */
    public static ModelBundle load(Path path, String expectedTask) throws IOException {
        if (!Files.exists(path)) {
            throw new BadInputException("no model bundle at " + path);
        }
        if (Files.isDirectory(path)) {
            return check(path, path, expectedTask);
        }
        Path dir = unzip(path);
        try {
            return check(path, dir, expectedTask);
        } catch (IOException | RuntimeException e) {
            discardUnzipped(dir);
            throw e;
        }
    }

    private static ModelBundle check(Path path, Path dir, String expectedTask) throws IOException {
        Path infoFile = dir.resolve(INFO_FILE);
        if (Files.isSymbolicLink(infoFile)) {
            throw new BadInputException(path + " is not a valid SeqLab model bundle: " + INFO_FILE
                    + " is a symbolic link; a bundle holds only plain files");
        }
        if (!Files.isRegularFile(infoFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new BadInputException(path + " is not a SeqLab model bundle (no " + INFO_FILE + ")");
        }
        BundleInfo info;
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(infoFile.toFile());
            info = tree == null || !tree.isObject() ? null : Json.MAPPER.treeToValue(tree, BundleInfo.class);
        } catch (JsonProcessingException e) {
            info = null;
            tree = null;
        }
        if (info == null) {
            throw new BadInputException(path + " is not a valid SeqLab model bundle: " + INFO_FILE + " is corrupt");
        }
        if (info.formatVersion() >= 3 && !tree.path(CHECKSUM_FIELD).asText("").equals(canonicalHash(tree))) {
            throw new BadInputException("model bundle " + path + " is corrupt: " + INFO_FILE
                    + " does not match its checksum (modified after training?)");
        }
        if (info.task() == null || info.files() == null) {
            throw new BadInputException(path + " is not a valid SeqLab model bundle: " + INFO_FILE + " lacks task or files");
        }
        if (info.formatVersion() > FORMAT_VERSION || info.formatVersion() < 1) {
            throw new BadInputException(path + " has bundle format " + info.formatVersion()
                    + "; this SeqLab reads format " + FORMAT_VERSION);
        }
        if (expectedTask != null && !info.task().equals(expectedTask)) {
            throw new BadInputException(path + " is a " + info.task() + " model, not a " + expectedTask + " model");
        }
        for (String name : info.files().keySet()) {
            // before any file is touched, so that no answer depends on what exists outside the bundle
            if (!PLAIN_NAME.matcher(name).matches()) {
                throw new BadInputException("model bundle " + path + " is not valid: " + INFO_FILE + " lists '"
                        + shown(name) + "', which is not a plain file name inside the bundle");
            }
        }
        for (Map.Entry<String, String> entry : info.files().entrySet()) {
            Path file = dir.resolve(entry.getKey());
            if (Files.isSymbolicLink(file)) {
                throw new BadInputException("model bundle " + path + " is not valid: " + entry.getKey()
                        + " is a symbolic link; a bundle holds only plain files");
            }
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new BadInputException("model bundle " + path + " is incomplete: " + entry.getKey() + " is missing");
            }
            if (!Hashing.sha256(file).equals(entry.getValue())) {
                throw new BadInputException("model bundle " + path + " is corrupt: " + entry.getKey()
                        + " does not match its checksum (truncated or modified)");
            }
        }
        return new ModelBundle(dir, info);
    }

    /** A name from a file, safe to print in one line. */
    private static String shown(String name) {
        String printable = name.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
    }

    /** The SHA-256 of {@code bundle.json}'s content without its checksum, keys sorted, no whitespace. */
    static String canonicalHash(JsonNode info) throws JsonProcessingException {
        com.fasterxml.jackson.databind.node.ObjectNode copy = info.deepCopy();
        copy.remove(CHECKSUM_FIELD);
        Object plain = Json.MAPPER.treeToValue(copy, Object.class);
        String canonical = Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(plain);
        return Hashing.sha256(canonical.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Unpacks a zipped bundle into a temporary folder ({@code seqlab-bundle-<pid>-...}) that is deleted when this
     * process ends, at once if the bundle turns out bad, or by the next load if this process is killed.
     */
    private static Path unzip(Path zip) throws IOException {
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        sweepUnzipped(temp);
        Path dir = Files.createTempDirectory(temp, TEMP_PREFIX + ProcessHandle.current().pid() + "-");
        UNZIPPED.add(dir);
        try {
            boolean any = false;
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                    String name = entry.getName();
                    int slash = name.lastIndexOf('/');
                    // bundles are flat: take the file name, whatever folder the zip tool put it in
                    String flat = slash >= 0 ? name.substring(slash + 1) : name;
                    if (entry.isDirectory() || flat.isEmpty()) {
                        continue;
                    }
                    if (!PLAIN_NAME.matcher(flat).matches()) {
                        throw new BadInputException(zip + " is not a valid model bundle: it holds '" + shown(name)
                                + "', which is not a plain file name");
                    }
                    Path target = dir.resolve(flat);
                    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw new BadInputException(zip + " is not a valid model bundle: it holds " + flat + " twice");
                    }
                    Files.copy(in, target);
                    any = true;
                }
            } catch (IOException e) {
                throw new BadInputException(zip + " is not a readable zip of a model bundle: " + e.getMessage());
            }
            if (!any) {
                throw new BadInputException(zip + " is not a model bundle (not a folder, and not a zip with files)");
            }
            return dir;
        } catch (RuntimeException e) {
            discardUnzipped(dir);
            throw e;
        }
    }

    private static void discardUnzipped(Path dir) throws IOException {
        AtomicFiles.deleteRecursively(dir);
        UNZIPPED.remove(dir);
    }

    /** Deletes the unzipped bundles of processes that were killed before they could delete their own. */
    private static void sweepUnzipped(Path temp) {
        try (Stream<Path> entries = Files.list(temp)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith(TEMP_PREFIX)) {
                    String[] parts = name.substring(TEMP_PREFIX.length()).split("-", 2);
                    if (parts.length == 2 && !AtomicFiles.alive(parts[0])) {
                        AtomicFiles.deleteRecursively(entry);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: another user's folders, say, are not ours to delete
        }
    }

    /** Collects what goes into a bundle, then writes it in one atomic step. */
    public static final class Writer {
        private final String task;
        private String data = "";
        private final Map<String, Object> networks = new LinkedHashMap<>();
        private final Map<String, Object> hyperParameters = new LinkedHashMap<>();
        private final Map<String, Object> metrics = new LinkedHashMap<>();
        private final Map<String, Object> provenance = new LinkedHashMap<>();
        private final Map<String, AtomicFiles.PathWriter> files = new LinkedHashMap<>();

        private Writer(String task) {
            this.task = task;
        }

        public Writer data(String name) {
            this.data = name;
            return this;
        }

        /** The bundle's only network: a MultiLayerNetwork, ComputationGraph or SameDiff instance. */
        public Writer network(Object network) {
            return network(MAIN_NETWORK, network);
        }

        /** One of several networks (an image encoder and a caption decoder, say), stored as {@code <name>.zip}. */
        public Writer network(String name, Object network) {
            if (!name.matches("[a-z][a-z0-9-]*") || files.containsKey(name + ".zip")) {
                throw new IllegalArgumentException("bad or taken network name: " + name);
            }
            networks.put(name, network);
            return this;
        }

        public Writer hyperParameters(Map<String, ?> values) {
            hyperParameters.putAll(values);
            return this;
        }

        public Writer metrics(Map<String, ?> values) {
            metrics.putAll(values);
            return this;
        }

        /** Where the model came from, as the typed record every app fills. */
        @SuppressWarnings("unchecked")
        public Writer provenance(org.seqlab.common.app.Provenance value) {
            return provenance(Json.MAPPER.convertValue(value, Map.class));
        }

        /** Where the model came from: dataset split, seed, command line. */
        public Writer provenance(Map<String, ?> values) {
            provenance.putAll(values);
            return this;
        }

        public Writer json(String name, Object value) {
            return file(name, path -> Files.writeString(path, Json.write(value)));
        }

        public Writer file(String name, AtomicFiles.PathWriter writer) {
            if (name.contains("/") || name.equals(INFO_FILE) || name.endsWith(".zip") && networks.containsKey(name.substring(0, name.length() - 4))) {
                throw new IllegalArgumentException("reserved or nested bundle file name: " + name);
            }
            files.put(name, writer);
            return this;
        }

        public void write(Path dir) throws IOException {
            if (networks.isEmpty()) {
                throw new IllegalStateException("a bundle needs a network");
            }
            // the swap replaces the folder whole: never one that holds something else
            checkTarget(dir);
            Map<String, String> types = new LinkedHashMap<>();
            networks.forEach((name, network) -> types.put(name, Trainables.typeOf(network)));
            AtomicFiles.writeDirectory(dir, tmp -> {
                for (Map.Entry<String, Object> network : networks.entrySet()) {
                    Trainables.of(network.getValue()).save(tmp.resolve(network.getKey() + ".zip"), false);
                }
                for (Map.Entry<String, AtomicFiles.PathWriter> file : files.entrySet()) {
                    file.getValue().writeTo(tmp.resolve(file.getKey()));
                }
                Map<String, String> checksums = new TreeMap<>();
                try (Stream<Path> list = Files.list(tmp)) {
                    for (Path file : (Iterable<Path>) list::iterator) {
                        checksums.put(file.getFileName().toString(), Hashing.sha256(file));
                    }
                }
                BundleInfo info = new BundleInfo(task, FORMAT_VERSION,
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), SEQLAB_VERSION, data,
                        types.get(MAIN_NETWORK), hyperParameters, metrics, provenance, checksums, types);
                com.fasterxml.jackson.databind.node.ObjectNode tree = Json.MAPPER.valueToTree(info);
                tree.put(CHECKSUM_FIELD, canonicalHash(tree));
                Files.writeString(tmp.resolve(INFO_FILE), Json.write(tree));
            });
        }
    }
}
