package org.seqlab.common.app;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.seqlab.common.train.TrainSettings;

/**
 * Where a model came from, stored in its bundle: the data and the SHA-256 of what was read, the split, the
 * settings (a record, serialised as JSON), the seeds, the software versions, when it was trained and which
 * epoch was kept. Enough to tell two models apart and to train the same one again.
 *
 * @param settings   the app's settings record (network, text pipeline...)
 * @param training   how it was optimised (epochs, batch, learning rate, clipping...)
 * @param run        which run of a plan this model is ("seed 43", "fold 2/5")
 * @param extra      what is specific to a task (cross-domain sources, direction of translation...)
 */
public record Provenance(String data, String dataSha256, SplitInfo split, Object settings, TrainSettings training,
                         List<Long> seeds,
                         String run, int bestEpoch, String started, String finished, Map<String, String> versions,
                         Map<String, Object> extra) {
    public static final String SEQLAB_VERSION = "0.1.0";

    public Provenance {
        seeds = List.copyOf(seeds);
        versions = Map.copyOf(versions);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** A provenance stamped with this JVM's versions, finished now. */
    public static Provenance of(String data, String dataSha256, SplitInfo split, Object settings, TrainSettings training,
                                List<Long> seeds, String run, int bestEpoch, Instant started, Map<String, Object> extra) {
        return new Provenance(data, dataSha256, split, settings, training, seeds, run, bestEpoch,
                started.truncatedTo(ChronoUnit.SECONDS).toString(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), softwareVersions(), extra);
    }

    static Map<String, String> softwareVersions() {
        String dl4j = org.deeplearning4j.nn.conf.NeuralNetConfiguration.class.getPackage().getImplementationVersion();
        return Map.of("seqlab", SEQLAB_VERSION, "deeplearning4j", dl4j == null ? "1.0.0-M2.1" : dl4j,
                "java", System.getProperty("java.version"));
    }
}
