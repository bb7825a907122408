package org.seqlab.common.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Writes that never leave a half-written file or folder behind: everything is written to a temporary
 * sibling first and renamed into place, so a crash leaves either the old version or the new one.
 */
public final class AtomicFiles {
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
        Path tmp = Files.createTempFile(parent, "." + target.getFileName() + ".", ".tmp");
        try {
            writer.writeTo(tmp);
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Lets {@code writer} fill a fresh temporary folder, then swaps it in for {@code target}. The old
     * folder, if any, is renamed aside first and deleted only once the new one is in place.
     */
    public static void writeDirectory(Path target, PathWriter writer) throws IOException {
        Path parent = parentOf(target);
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".");
        Path old = null;
        try {
            writer.writeTo(tmp);
            if (Files.exists(target)) {
                old = parent.resolve("." + target.getFileName() + ".old-" + System.nanoTime());
                move(target, old);
            }
            move(tmp, target);
        } finally {
            deleteRecursively(tmp);
            if (old != null) {
                deleteRecursively(old);
            }
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

    public static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
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
