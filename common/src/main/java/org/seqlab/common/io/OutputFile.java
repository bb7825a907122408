package org.seqlab.common.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.seqlab.common.error.BadInputException;

/** Checks, before any long work, that a result (bench.json, a model bundle, a report) can be written where the user asked. */
public final class OutputFile {
    private OutputFile() {
    }

    /** {@code path} must be a file or nothing yet, not under a file, in a writable folder; {@code option} names it. */
    public static void check(String option, Path path) {
        Path absolute = path.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new BadInputException(option + " " + path + " is a folder; give a file name such as "
                    + absolute.resolve("results.json"));
        }
        if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
            throw new BadInputException(option + " " + path + " is not a regular file");
        }
        checkParent(option, path);
    }

    /**
     * A folder that a command replaces whole (a model bundle, a report): {@code path} must be a folder or nothing
     * yet, and a folder with something in it must be one of ours ({@code ours}), never a user's other files; the
     * folder above must be writable. Leftovers of a killed earlier write are swept.
     *
     * @param thing   what the folder holds, for messages ("a model bundle")
     * @param notOurs why a foreign folder is refused ("is not a SeqLab model bundle; SeqLab replaces only bundles")
     */
    public static void checkFolder(String option, Path path, String thing, String notOurs, Predicate<Path> ours) {
        Path absolute = path.toAbsolutePath();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new BadInputException(option + " " + path + " is a file; " + thing + " is a folder: choose another path");
        }
        if (Files.isDirectory(absolute)) {
            boolean empty;
            try (Stream<Path> list = Files.list(absolute)) {
                empty = list.findAny().isEmpty();
            } catch (IOException e) {
                throw new BadInputException("cannot read " + option + " folder " + path + ": " + e.getMessage());
            }
            if (!empty && !ours.test(absolute)) {
                throw new BadInputException(option + " " + path + " is a folder that " + notOurs
                        + ": choose an empty or new folder");
            }
        }
        checkParent(option, path);
        try {
            AtomicFiles.sweepStale(absolute);
        } catch (IOException e) {
            // leftovers of a killed run are tidied on a best-effort basis; the write itself will report real trouble
        }
    }

    /** The nearest existing folder above {@code path} must be a folder (not a file) that we may write in. */
    private static void checkParent(String option, Path path) {
        Path absolute = path.toAbsolutePath();
        for (Path above = absolute.getParent(); above != null; above = above.getParent()) {
            if (Files.exists(above)) {
                if (!Files.isDirectory(above)) {
                    throw new BadInputException(option + " " + path + " lies under " + above + ", which is a file");
                }
                if (!Files.isWritable(above)) {
                    throw new BadInputException("cannot write " + option + " " + path + ": " + above + " is not writable");
                }
                return;
            }
        }
    }
}
