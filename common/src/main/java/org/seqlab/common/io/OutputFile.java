package org.seqlab.common.io;

import java.nio.file.Files;
import java.nio.file.Path;
import org.seqlab.common.error.BadInputException;

/** Checks, before any long work, that a result file (bench.json, say) can be written where the user asked. */
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
