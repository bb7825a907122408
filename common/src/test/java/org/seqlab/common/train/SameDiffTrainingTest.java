package org.seqlab.common.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.weightinit.impl.XavierInitScheme;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.testing.TinyTask;

/** The trainer and bundles drive SameDiff models as they drive MultiLayerNetworks. */
class SameDiffTrainingTest {
    static final int FEATURES = 2 * TinyTask.LENGTH;

    @TempDir
    Path dir;

    @BeforeAll
    static void quiet() {
        System.setProperty("seqlab.quiet", "true");
    }

    static SameDiff softmaxRegression() {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("input", DataType.FLOAT, -1, FEATURES);
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, 2);
        SDVariable w = sd.var("w", new XavierInitScheme('c', FEATURES, 2), DataType.FLOAT, FEATURES, 2);
        SDVariable b = sd.zero("b", DataType.FLOAT, 1, 2);
        SDVariable out = sd.nn.softmax("out", in.mmul(w).add(b));
        sd.loss.logLoss("loss", label, out);
        sd.setLossVariables("loss");
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(0.05))
                .dataSetFeatureMapping("input").dataSetLabelMapping("label").build());
        return sd;
    }

    static MultiDataSet flat(List<int[]> sequences) {
        MultiDataSet sequenceBatch = TinyTask.batch(sequences);
        INDArray features = sequenceBatch.getFeatures(0).reshape(sequences.size(), FEATURES);
        return new org.nd4j.linalg.dataset.MultiDataSet(features, sequenceBatch.getLabels(0));
    }

    @Test
    void sameDiffModelLearnsThroughTheTrainerAndRoundTripsThroughABundle() throws Exception {
        BatchSource source = new ShuffledBatches<>(TinyTask.sequences(256, 1), 32, 3, SameDiffTrainingTest::flat,
                s -> s.length);
        TrainingResult<?> result = new Trainer(new TrainerConfig(6, 0, "loss", false, dir.resolve("ckpt"), false, "sd"))
                .train(Trainables.of(softmaxRegression()), source, null);
        List<EpochRecord> h = result.history();
        assertTrue(h.get(5).trainLoss() < h.get(0).trainLoss() * 0.8, "loss falls: " + h);

        SameDiff best = (SameDiff) result.best().network();
        INDArray x = flat(TinyTask.sequences(64, 9)).getFeatures(0);
        INDArray before = best.output(Map.of("input", x), "out").get("out");
        ModelBundle.writer("test").network(best).write(dir.resolve("bundle"));
        SameDiff loaded = ModelBundle.load(dir.resolve("bundle"), "test").network(SameDiff.class);
        assertEquals(before, loaded.output(Map.of("input", x), "out").get("out"));
    }
}
