package org.seqlab.datasets.fetch;

import org.seqlab.common.io.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.progress.Progress;
import org.seqlab.common.io.AtomicFiles;
import org.seqlab.common.io.SeqlabHome;
import org.seqlab.datasets.DatasetSpec;

/**
 * Fetches a catalog dataset into {@code ${SEQLAB_HOME}/datasets/<name>}: obtains each archive (from
 * {@code ${SEQLAB_HOME}/downloads/} when placed there by hand, otherwise with the registry's client),
 * checks its SHA-256, extracts the wanted files, runs the dataset's preparer, and writes the manifest.
 * Everything happens in a temporary folder that replaces the dataset folder only when complete.
 */
public final class Fetcher {
    private static final Pattern LICENCE_FILE = Pattern.compile("(?i)(licen[cs]e|notice|copyright|acknowledgement|readme).*");
    /** Folders verified against their manifest by this process, so a run hashes each dataset once. */
    private static final Set<Path> VERIFIED = ConcurrentHashMap.newKeySet();

    private Fetcher() {
    }

    /** Makes the next {@link #ensure} hash the folders again, as a new process would. */
    static void forgetVerified() {
        VERIFIED.clear();
    }

    public static Path folder(String name) {
        return SeqlabHome.datasets().resolve(name);
    }

    public static Path downloads() {
        return SeqlabHome.dir().resolve("downloads");
    }

    public static boolean isFetched(DatasetSpec spec) {
        return Files.isRegularFile(folder(spec.name()).resolve(Manifest.FILE)) && missingCompanion(spec) == null;
    }

    /** The first file the catalog now writes beside the main file that this copy lacks, or null. */
    private static String missingCompanion(DatasetSpec spec) {
        Path dir = folder(spec.name());
        return spec.companionFiles().stream().filter(f -> !Files.isRegularFile(dir.resolve(f))).findFirst().orElse(null);
    }

    /** Returns the dataset folder, fetching it first when absent or damaged. */
    public static Path ensure(DatasetSpec spec) {
        Path dir = folder(spec.name());
        if (VERIFIED.contains(dir) && Files.isRegularFile(dir.resolve(Manifest.FILE))) {
            return dir;
        }
        if (Files.isDirectory(dir)) {
            String problem = Manifest.problem(dir);
            String missing = missingCompanion(spec);
            if (problem == null && missing == null) {
                VERIFIED.add(dir);
                return dir;
            }
            System.err.println("seqlab: cached dataset '" + spec.name() + "' " + (problem != null ? "is damaged (" + problem
                    + ")" : "has no " + missing + " (the catalog added it after this copy was fetched)") + "; fetching it again");
        }
        fetch(spec);
        VERIFIED.add(dir);
        return dir;
    }

    /** Fetches unconditionally, replacing any existing folder only on success. */
    public static void fetch(DatasetSpec spec) {
        Path dir = folder(spec.name());
        Path work = null;
        try (Progress progress = Progress.start("fetch " + spec.name(), 2L * spec.sources().size() + 1, "step")) {
            Files.createDirectories(SeqlabHome.datasets());
            work = Files.createTempDirectory(SeqlabHome.datasets(), "." + spec.name() + ".work-");
            List<Path> extracted = new ArrayList<>();
            for (int i = 0; i < spec.sources().size(); i++) {
                Source source = spec.sources().get(i);
                progress.message("downloading " + source.describe());
                Path download = Files.createDirectories(work.resolve("download-" + i));
                Path archive = acquire(source, download);
                progress.step(1);
                progress.message("extracting " + source.describe());
                Path files = Files.createDirectories(work.resolve("files-" + i));
                int count = Clients.extract(source, archive, files);
                if (count == 0) {
                    throw new BadInputException(source.describe() + " holds none of " + source.files());
                }
                Files.deleteIfExists(archive);
                extracted.add(files);
                progress.step(1);
            }
            progress.message("preparing " + spec.name());
            AtomicFiles.writeDirectory(dir, out -> {
                Map<String, Long> counts = spec.preparer().prepare(extracted, out);
                copyLicences(spec, extracted, out.resolve("licence"));
                Manifest.describe(spec.name(), spec.sources().stream().map(Source::describe).toList(), out, counts).write(out);
            });
            progress.step(1);
        } catch (IOException e) {
            throw new BadInputException("fetching " + spec.name() + " failed: " + e.getMessage(), e);
        } finally {
            if (work != null) {
                try {
                    AtomicFiles.deleteRecursively(work);
                } catch (IOException e) {
                    System.err.println("seqlab: could not remove " + work + ": " + e.getMessage());
                }
            }
        }
    }

    /** The archive, from the downloads folder if placed there by hand, else from the registry; checksum verified. */
    static Path acquire(Source source, Path dir) throws IOException {
        Path manual = downloads().resolve(source.archiveName());
        if (Files.isRegularFile(manual)) {
            verify(source, manual, "the file placed by hand");
            Path copy = dir.resolve(source.archiveName());
            Files.copy(manual, copy);
            return copy;
        }
        Path archive = Clients.download(source, dir);
        verify(source, archive, "the downloaded file");
        return archive;
    }

    private static void verify(Source source, Path archive, String what) throws IOException {
        String actual = Hashing.sha256(archive);
        if (!actual.equals(source.sha256())) {
            throw new BadInputException("checksum mismatch for " + source.describe() + ": " + what + " " + archive
                    + " has SHA-256 " + actual + ", expected " + source.sha256()
                    + " (a partial or altered download; delete it and fetch again)");
        }
    }

    public static String manualHint(Source source) {
        return "alternatively download " + source.url() + " by hand and put it at " + downloads().resolve(source.archiveName());
    }

    private static void copyLicences(DatasetSpec spec, List<Path> extracted, Path licenceDir) throws IOException {
        Files.createDirectories(licenceDir);
        StringBuilder summary = new StringBuilder(spec.name() + ": " + spec.licence() + "\n");
        for (int i = 0; i < extracted.size(); i++) {
            Source source = spec.sources().get(i);
            summary.append("source: ").append(source.describe()).append(" (").append(source.url()).append(")\n");
            List<Path> files;
            try (Stream<Path> walk = Files.walk(extracted.get(i))) {
                files = walk.filter(Files::isRegularFile)
                        .filter(f -> LICENCE_FILE.matcher(f.getFileName().toString()).matches()).sorted().toList();
            }
            for (Path f : files) {
                Files.copy(f, licenceDir.resolve(i + "-" + f.getFileName()));
            }
        }
        Files.writeString(licenceDir.resolve("SOURCES.txt"), summary);
    }
}
