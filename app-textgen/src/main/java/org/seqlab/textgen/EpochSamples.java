package org.seqlab.textgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seqlab.common.io.Json;

/**
 * The samples drawn after each epoch, kept beside the checkpoints so that a resumed run's report still shows
 * the text of the epochs before the interruption.
 */
final class EpochSamples {
    static final String FILE = "samples.json";
    static final double[] TEMPERATURES = {0.5, 0.8, 1.0};

    /** One sample: after which epoch, at which temperature, and its text. */
    record Entry(int epoch, double temperature, String text) {
    }

    /** For Jackson. */
    record Log(List<Entry> entries) {
    }

    private final Path file;
    private final List<Entry> entries = new ArrayList<>();

    EpochSamples(Path checkpointDir, boolean resume) throws IOException {
        this.file = checkpointDir.resolve(FILE);
        if (resume && Files.exists(file)) {
            entries.addAll(Json.read(file, Log.class).entries());
        }
    }

    /** Records the samples of {@code epoch}, replacing any earlier ones of that epoch (a re-run after a kill). */
    void add(int epoch, List<Entry> samples) throws IOException {
        entries.removeIf(e -> e.epoch() >= epoch);
        entries.addAll(samples);
        Files.createDirectories(file.getParent());
        Json.writeFile(file, new Log(entries));
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }
}
