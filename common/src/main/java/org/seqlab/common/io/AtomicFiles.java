package org.seqlab.common.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes that never leave a half-written file or folder behind: everything is written to a temporary
 * sibling first and renamed into place, so a crash leaves either the old version or the new one.
 *
 * <p>Temporaries are named {@code .<target>.seqlab-<pid>-<random>}: a shutdown hook deletes those of this
 * process that are still there (Ctrl-C, SIGTERM), and {@link #sweepStale} deletes those whose process is gone
 * (SIGKILL, power loss) the next time anything is written beside them.
 */
public final class AtomicFiles {
    static final String TAG = ".seqlab-";
    private static final long PID = ProcessHandle.current().pid();
    /** {@code .<name>.seqlab-<pid>-[old-]...}: ours, and whose process can be asked whether it still runs. */
    private static final Pattern TAGGED = Pattern.compile("\\.(.+)\\.seqlab-(\\d+)-(old-)?.*");
    /** What versions before the pid tag left: {@code .<name>.<random digits>[.tmp]} and {@code .<name>.old-<nanos>}. */
    private static final Duration UNTAGGED_AGE = Duration.ofMinutes(1);
    /** This process's temporaries: each to be deleted at exit, or put back where it came from if that is empty. */
    private static final Map<Path, Optional<Path>> LIVE = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach((temporary, setAsideFrom) -> {
            try {
                if (setAsideFrom.isPresent() && !Files.exists(setAsideFrom.get(), LinkOption.NOFOLLOW_LINKS)) {
                    move(temporary, setAsideFrom.get());
                } else {
                    deleteRecursively(temporary);
                }
            } catch (IOException | RuntimeException e) {
                // best effort: the next sweepStale tries again
            }
        }), "seqlab-temporaries"));
    }

    private AtomicFiles() {
    }

    /** Something that writes into a path (a file or a folder, depending on the call). */
    @FunctionalInterface
    public interface PathWriter {
        void writeTo(Path path) throws IOException;
    }

    /** Something that writes into a stream. */
    @FunctionalInterface
    public interface StreamWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static void write(Path target, StreamWriter writer) throws IOException {
        writeFile(target, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.writeTo(out);
            }
        });
    }

    /** Lets {@code writer} create a file at a temporary path, then moves it onto {@code target}. */
    public static void writeFile(Path target, PathWriter writer) throws IOException {
        Path parent = parentOf(target);
        Files.createDirectories(parent);
        sweepStale(target);
        Path tmp = track(Files.createTempFile(parent, prefix(target), ".tmp"));
        try {
            writer.writeTo(tmp);
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
            LIVE.remove(tmp);
        }
    }

    /**
     * Lets {@code writer} fill a fresh temporary folder, then swaps it in for {@code target}. The old
     * folder, if any, is renamed aside first and deleted only once the new one is in place.
     */
    public static void writeDirectory(Path target, PathWriter writer) throws IOException {
        Path tmp = stagingDirectory(target);
        try {
            writer.writeTo(tmp);
            swapIn(tmp, target);
        } finally {
            discard(tmp);
        }
    }

    /**
     * A new empty folder beside {@code target} to be filled now and {@link #swapIn swapped in} later, for
     * writers that fill a folder over several calls (a report and its charts). Until then it is deleted if
     * this process ends, or by a later {@link #sweepStale} if it is killed.
     */
    public static Path stagingDirectory(Path target) throws IOException {
        Path parent = parentOf(target);
        Files.createDirectories(parent);
        sweepStale(target);
        return track(Files.createTempDirectory(parent, prefix(target)));
    }

    /** Replaces {@code target} (a folder or nothing) by {@code staged} in one rename; the old folder goes after. */
    public static void swapIn(Path staged, Path target) throws IOException {
        Path parent = parentOf(target);
        Path old = null;
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            old = parent.resolve(prefix(target) + "old-" + System.nanoTime());
            LIVE.put(old, Optional.of(target.toAbsolutePath()));
            move(target, old);
        }
        try {
            move(staged, target);
            LIVE.remove(staged);
        } catch (IOException e) {
            if (old != null) {
                move(old, target);
                LIVE.remove(old);
            }
            throw e;
        }
        if (old != null) {
            discard(old);
        }
    }

    /** Deletes a staging folder that will not be swapped in (the writer failed). */
    public static void discard(Path staged) throws IOException {
        try {
            deleteRecursively(staged);
        } finally {
            LIVE.remove(staged);
        }
    }

    /**
     * Deletes, beside {@code target}, the temporaries of this class whose process has died (any name), and the
     * untagged ones earlier versions left for {@code target} itself once they are a minute old. An old version
     * set aside by a swap that was killed before the new one was in place is put back instead.
     */
    public static void sweepStale(Path target) throws IOException {
        Path parent = parentOf(target);
        if (!Files.isDirectory(parent)) {
            return;
        }
        Pattern untagged = Pattern.compile(Pattern.quote("." + target.getFileName()) + "\\.(old-)?\\d{10,}(\\.tmp)?");
        try (Stream<Path> entries = Files.list(parent)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                Matcher tagged = TAGGED.matcher(name);
                Matcher legacy = untagged.matcher(name);
                String setAsideFrom;
                if (tagged.matches() && !alive(tagged.group(2))) {
                    setAsideFrom = tagged.group(3) != null ? tagged.group(1) : null;
                } else if (legacy.matches() && olderThan(entry, UNTAGGED_AGE)) {
                    setAsideFrom = legacy.group(1) != null ? target.getFileName().toString() : null;
                } else {
                    continue;
                }
                Path original = setAsideFrom == null ? null : parent.resolve(setAsideFrom);
                if (original != null && !Files.exists(original, LinkOption.NOFOLLOW_LINKS)) {
                    move(entry, original);
                } else {
                    deleteQuietly(entry);
                }
            }
        }
    }

    /** Whether process {@code pid} runs; an unparseable pid counts as running, so nothing is deleted on a guess. */
    public static boolean alive(String pid) {
        try {
            long id = Long.parseLong(pid);
            return id == PID || ProcessHandle.of(id).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static boolean olderThan(Path entry, Duration age) {
        try {
            return Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toInstant()
                    .isBefore(Instant.now().minus(age));
        } catch (IOException e) {
            return false;
        }
    }

    private static String prefix(Path target) {
        return "." + target.getFileName() + TAG + PID + "-";
    }

    private static Path track(Path temporary) {
        LIVE.put(temporary, Optional.empty());
        return temporary;
    }

    private static void deleteQuietly(Path path) {
        try {
            deleteRecursively(path);
        } catch (IOException | RuntimeException e) {
            // best effort: a later sweep tries again
        }
    }

    private static Path parentOf(Path target) {
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null) {
            throw new IllegalArgumentException("no parent folder: " + target);
        }
        return parent;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a file or a folder tree; symbolic links are deleted, never followed. */
    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
