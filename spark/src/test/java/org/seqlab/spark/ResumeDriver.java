package org.seqlab.spark;

import java.nio.file.Path;
import java.util.List;
import org.seqlab.common.testing.TinyTask;
import org.seqlab.common.train.ScaleOutSettings;
import org.seqlab.common.train.Trainables;
import org.seqlab.common.train.Trainer;
import org.seqlab.common.train.TrainerConfig;
import org.seqlab.common.train.TrainingResult;

/** A Spark driver in a JVM of its own, for {@link ResumeAfterDriverKilledIT}: args checkpointDir epochs resume. */
public final class ResumeDriver {
    private ResumeDriver() {
    }

    static TrainingResult<?> run(Path checkpoints, int epochs, boolean resume) throws Exception {
        List<int[]> train = TinyTask.sequences(640, 5);
        return new Trainer(new TrainerConfig(epochs, 0, "loss", false, checkpoints, resume, "resume-driver"),
                new ScaleOutSettings("local[2]", 2, 0, 0))
                .train(Trainables.of(ToyNetworks.attentionGraph(13)), ToyNetworks.graphBatches(train, 16, 17), null);
    }

    public static void main(String[] args) throws Exception {
        run(Path.of(args[0]), Integer.parseInt(args[1]), Boolean.parseBoolean(args[2]));
        SparkContexts.stop();
    }
}
