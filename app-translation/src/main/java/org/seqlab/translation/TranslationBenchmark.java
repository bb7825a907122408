package org.seqlab.translation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.seqlab.common.bench.AppBenchmark;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.train.TrainSettings;

/**
 * The default translator's training shape in {@code seqlab bench}: embedding 256, bidirectional GRU 256
 * encoder, GRU 256 decoder with Bahdanau attention, vocabularies of gettext-de-en's size with the default
 * merges, batches of 64 pairs of 20 source and 20 target subwords (random ids).
 */
public final class TranslationBenchmark implements AppBenchmark {
    static final int BATCH = 64;
    static final int SOURCE_STEPS = 20;
    static final int TARGET_STEPS = 20;
    static final int SOURCE_VOCABULARY = 4500;
    static final int TARGET_VOCABULARY = 4300;

    @Override
    public String app() {
        return "translation";
    }

    @Override
    public String shape() {
        return "emb 256, BiGRU 256 encoder, GRU 256 Bahdanau decoder, vocab " + SOURCE_VOCABULARY + "/" + TARGET_VOCABULARY
                + ", batch " + BATCH + ", " + SOURCE_STEPS + "+" + TARGET_STEPS + " tokens";
    }

    @Override
    public Measurement measure(int warmup, int iters) {
        TranslationSettings settings = new TranslationSettings("de", "en", Attention.BAHDANAU, CellType.GRU, 256, 256, 1,
                true, 256, 0.3, 4000, false, 1, 100, 100, 0.0, false, 0);
        ComputationGraph graph = TranslationNetwork.build(settings, SOURCE_VOCABULARY, TARGET_VOCABULARY,
                new TrainSettings(1, BATCH, 42, 1e-3, 1, 0, 5, 0, 0));
        SplittableRandom random = new SplittableRandom(42);
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            // TARGET_STEPS steps per row: TARGET_STEPS - 1 subwords and the end token
            examples.add(new Example(ids(random, SOURCE_STEPS, SOURCE_VOCABULARY), ids(random, TARGET_STEPS - 1,
                    TARGET_VOCABULARY)));
        }
        MultiDataSet batch = Batches.of(examples);
        return Measurement.time(i -> graph.fit(batch), warmup, iters, BATCH * TARGET_STEPS);
    }

    private static int[] ids(SplittableRandom random, int length, int vocabulary) {
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            out[i] = 4 + random.nextInt(vocabulary - 4);
        }
        return out;
    }

    @Override
    public String torchScript() {
        return "/peers/torch_translation.py";
    }

    @Override
    public List<String> torchArguments() {
        return List.of("--batch", String.valueOf(BATCH), "--source-steps", String.valueOf(SOURCE_STEPS), "--target-steps",
                String.valueOf(TARGET_STEPS), "--source-vocab", String.valueOf(SOURCE_VOCABULARY), "--target-vocab",
                String.valueOf(TARGET_VOCABULARY));
    }
}
