package org.seqlab.textgen;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.seqlab.common.bench.AppBenchmark;
import org.seqlab.common.cli.TrainOptions;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.rnn.StepThreads;

/**
 * The default char-rnn's training step in {@code seqlab bench}: 2 x 256 GRU, dropout 0.2, one-hot input of
 * moby-dick's 84 symbols, 32 streams x 100 steps with the state carried, Adam, clipping 5; beside
 * {@code peers/torch_textgen.py}, the same network in PyTorch.
 */
public final class TextGenBenchmark implements AppBenchmark {
    static final int VOCABULARY = 84;
    static final int STREAMS = 32;
    static final int STEPS = 100;

    @Override
    public String app() {
        return "textgen";
    }

    @Override
    public String shape() {
        return "char-rnn: one-hot 84, 2 x GRU 256, dropout 0.2, softmax 84, 32 streams x 100 steps, state carried";
    }

    @Override
    public Measurement measure(int warmup, int iters) {
        TrainOptions t = TrainCommand.defaultTraining();
        TextGenSettings settings = new TextGenSettings(Level.CHAR, 10_000, CellType.GRU, 2, 256, 0.2, 128,
                t.settings(), 0, 0, false);
        StepThreads.enableFor(settings.cell());
        CarriedStateModel model = new CarriedStateModel(TextGenNetwork.build(settings, VOCABULARY));
        Random random = new Random(1);
        int[] text = new int[STREAMS * STEPS * 4 + 1];
        for (int i = 0; i < text.length; i++) {
            text[i] = random.nextInt(VOCABULARY);
        }
        TextStreams streams = new TextStreams(text, STREAMS, STEPS, VOCABULARY, true);
        List<MultiDataSet> batches = java.util.stream.IntStream.range(0, 4).mapToObj(w -> streams.window(w * STEPS, STEPS)).toList();
        model.setEpoch(0);
        return Measurement.time(i -> model.fit(batches.get(i % batches.size())), warmup, iters, STREAMS * STEPS);
    }

    @Override
    public String torchScript() {
        return "/peers/torch_textgen.py";
    }
}
