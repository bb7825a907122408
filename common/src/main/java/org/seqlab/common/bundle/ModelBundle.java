package org.seqlab.common.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.AtomicFiles;
import org.seqlab.common.io.Hashing;
import org.seqlab.common.io.Json;
import org.seqlab.common.train.Trainables;

/**
 * A trained model on disk: a folder (or a zip of one) with the network, any vocabularies and settings
 * the app needs, and {@code bundle.json}. Written atomically; loading checks the format version, the
 * task and every file's checksum, so a truncated, foreign or half-copied bundle is a one-line error.
 */
public final class ModelBundle {
    /** 2: named networks ({@code networks} in bundle.json, one {@code <name>.zip} each); 1 had one network. */
    public static final int FORMAT_VERSION = 2;
    public static final String INFO_FILE = "bundle.json";
    /** The name of a bundle's network when it has only one (format 1 bundles always). */
    public static final String MAIN_NETWORK = "network";
    public static final String NETWORK_FILE = MAIN_NETWORK + ".zip";
    static final String SEQLAB_VERSION = "0.1.0";

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

    /** A file the app stored with {@link Writer#json} or {@link Writer#file}. */
    public Path file(String name) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("model bundle " + dir + " has no " + name);
        }
        return file;
    }

    public <T> T json(String name, Class<T> type) throws IOException {
        return Json.read(file(name), type);
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
        Path absolute = target.toAbsolutePath();
        if (Files.isRegularFile(absolute)) {
            throw new BadInputException("--model " + target + " is a file; a model bundle is a folder: choose another path");
        }
        if (Files.isDirectory(absolute)) {
            boolean empty;
            try (Stream<Path> list = Files.list(absolute)) {
                empty = list.findAny().isEmpty();
            } catch (IOException e) {
                throw new BadInputException("cannot read --model folder " + target + ": " + e.getMessage());
            }
            if (!empty && !Files.isRegularFile(absolute.resolve(INFO_FILE))) {
                throw new BadInputException("--model " + target + " is a folder that is not a SeqLab model bundle; "
                        + "SeqLab replaces only bundles: choose an empty or new folder");
            }
        }
        for (Path above = absolute.getParent(); above != null; above = above.getParent()) {
            if (Files.exists(above)) {
                if (!Files.isDirectory(above)) {
                    throw new BadInputException("--model " + target + " lies under " + above + ", which is a file");
                }
                if (!Files.isWritable(above)) {
                    throw new BadInputException("cannot write --model " + target + ": " + above + " is not writable");
                }
                break;
            }
        }
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
        Path dir = Files.isDirectory(path) ? path : unzip(path);
        Path infoFile = dir.resolve(INFO_FILE);
        if (!Files.isRegularFile(infoFile)) {
            throw new BadInputException(path + " is not a SeqLab model bundle (no " + INFO_FILE + ")");
        }
        BundleInfo info;
        try {
            info = Json.read(infoFile, BundleInfo.class);
        } catch (JsonProcessingException e) {
            throw new BadInputException(path + " is not a valid SeqLab model bundle: " + INFO_FILE + " is corrupt");
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
        for (Map.Entry<String, String> entry : info.files().entrySet()) {
            Path file = dir.resolve(entry.getKey());
            if (!Files.isRegularFile(file)) {
                throw new BadInputException("model bundle " + path + " is incomplete: " + entry.getKey() + " is missing");
            }
            if (!Hashing.sha256(file).equals(entry.getValue())) {
                throw new BadInputException("model bundle " + path + " is corrupt: " + entry.getKey()
                        + " does not match its checksum (truncated or modified)");
            }
        }
        return new ModelBundle(dir, info);
    }

    private static Path unzip(Path zip) throws IOException {
        Path dir = Files.createTempDirectory("seqlab-bundle-");
        dir.toFile().deleteOnExit();
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
                Path target = dir.resolve(flat);
                Files.copy(in, target);
                target.toFile().deleteOnExit();
                any = true;
            }
        } catch (IOException e) {
            throw new BadInputException(zip + " is not a readable zip of a model bundle: " + e.getMessage());
        }
        if (!any) {
            throw new BadInputException(zip + " is not a model bundle (not a folder, and not a zip with files)");
        }
        return dir;
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
                Files.writeString(tmp.resolve(INFO_FILE), Json.write(info));
            });
        }
    }
}
