package org.seqlab.captioning;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.common.bench.AppBenchmark;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.train.TrainSettings;

/**
 * The default captioner's training step in {@code seqlab bench}: random 64x64 images and random captions of
 * the emoji shape (vocabulary 1,400, 8 steps) in batches of 64, beside {@code peers/torch_captioning.py}.
 */
public final class CaptionBenchmark implements AppBenchmark {
    static final int BATCH = 64;
    static final int STEPS = 8;
    static final int VOCABULARY = 1400;
    static final int IMAGE = 64;

    @Override
    public String app() {
        return "captioning";
    }

    @Override
    public String shape() {
        return "CNN 4 blocks 32..256 on 64x64, feature 256, emb 128, LSTM 256, vocab " + VOCABULARY + ", batch " + BATCH
                + ", " + STEPS + " caption steps";
    }

    static CaptionSettings settings() {
        return new CaptionSettings(CaptionSettings.SCRATCH, "random", "", false, IMAGE, List.of(32, 64, 128, 256), 256,
                CellType.LSTM, 256, 1, 128, 0.0, "none", 128, "none", 1, 24);
    }

    @Override
    public Measurement measure(int warmup, int iters) throws Exception {
        ComputationGraph graph = CaptionNetwork.build(settings(), VOCABULARY,
                new TrainSettings(1, BATCH, 42, 2e-3, 1.0, 0, 5.0, 0, 0));
        MultiDataSet batch = syntheticBatch(new SplittableRandom(42));
        return Measurement.time(i -> graph.fit(batch), warmup, iters, BATCH * STEPS);
    }

    static MultiDataSet syntheticBatch(SplittableRandom random) {
        INDArray images = Nd4j.rand(DataType.FLOAT, BATCH, 3, IMAGE, IMAGE);
        INDArray tokens = Nd4j.zeros(DataType.FLOAT, BATCH, 1, STEPS);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, BATCH, 1, STEPS);
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < STEPS; t++) {
                tokens.putScalar(b, 0, t, 4 + random.nextInt(VOCABULARY - 4));
                labels.putScalar(b, 0, t, 4 + random.nextInt(VOCABULARY - 4));
            }
        }
        return new MultiDataSet(new INDArray[] {images, tokens}, new INDArray[] {labels});
    }

    @Override
    public String torchScript() {
        return "/peers/torch_captioning.py";
    }

    @Override
    public List<String> torchArguments() {
        return new ArrayList<>(List.of("--batch", String.valueOf(BATCH), "--steps", String.valueOf(STEPS), "--vocab",
                String.valueOf(VOCABULARY), "--image-size", String.valueOf(IMAGE)));
    }
}
