package org.seqlab.textgen;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.seqlab.common.io.Json;
import org.seqlab.common.metrics.LanguageModelEvaluator;
import org.seqlab.common.rnn.StepThreads;
import org.seqlab.common.train.ScaleOutSettings;
import org.seqlab.common.train.Trainer;
import org.seqlab.common.train.TrainSettings;
import org.seqlab.common.train.TrainerConfig;
import org.seqlab.common.train.TrainingResult;
import org.seqlab.common.train.Validator;

/**
 * One training run of a language model: the corpus encoded and split (the last 5 % validates), the network
 * trained in the char-rnn layout with the state carried across windows, validated after each epoch with the
 * state carried too, samples drawn at three temperatures after each epoch, the best epoch kept.
 */
public final class TextGenTraining {
    /** Tokens drawn per sample after each epoch. */
    static final int SAMPLE_LENGTH = 240;

    private TextGenTraining() {
    }

    /**
     * What a run produced.
     *
     * @param validation the best model's validation scores (with the loss per token class)
     */
    public record Outcome(TextGenModel model, TrainingResult<MultiLayerNetwork> training, LanguageModelEvaluator.Metrics validation,
                          List<EpochSamples.Entry> samples, int trainTokens, int validationTokens) {
    }

    public static Outcome run(Corpus corpus, TextGenSettings settings, Path checkpointDir, boolean resume,
                              ScaleOutSettings scaleOut) throws IOException {
        Codec codec = settings.level() == Level.CHAR ? Codec.characters(corpus.text())
                : Codec.words(corpus.text(), settings.vocabularySize());
        int[] tokens = codec.encode(corpus.text());
        int split = Corpus.validationStart(tokens.length);
        int[] train = Arrays.copyOfRange(tokens, 0, split);
        // validation starts with the last training token, so that its first token is predicted too
        int[] validation = Arrays.copyOfRange(tokens, Math.max(0, split - 1), tokens.length);
        if (validation.length < 2) {
            throw new org.seqlab.common.error.BadInputException(corpus.name() + " is too short to hold out 5 % for "
                    + "validation (" + tokens.length + " tokens)");
        }
        TextStreams streams = new TextStreams(train, settings.training().batch(), settings.training().tbptt(),
                codec.size(), settings.level() == Level.CHAR, settings.maxSteps());
        StepThreads.enableFor(settings.cell());
        MultiLayerNetwork net = TextGenNetwork.build(settings, codec.size());
        EpochSamples samples = new EpochSamples(checkpointDir, resume);
        Validator<MultiLayerNetwork> validator = model -> {
            MultiLayerNetwork current = model.network();
            int epoch = current.getLayerWiseConfigurations().getEpochCount() + 1;
            Map<String, Double> scores = new LinkedHashMap<>();
            LanguageModelEvaluator.Metrics metrics = Scoring.score(current, codec, validation);
            String unit = codec.level().unit();
            scores.put("loss", metrics.natsPerToken());
            scores.put("bits_per_" + unit, metrics.bitsPerToken());
            scores.put("perplexity", metrics.perplexity());
            scores.put("steps", (double) current.getLayerWiseConfigurations().getIterationCount());
            try {
                samples.add(epoch, draw(new TextGenModel(current, codec, settings, null), epoch));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return scores;
        };
        TrainerConfig config = new TrainerConfig(streams.epochsFor(settings.training().epochs()), settings.training().patience(), "loss",
                false, checkpointDir, resume, fingerprint(corpus, settings),
                TrainSettings.budgetSeconds(settings.minutes()));
        if (settings.cosine()) {
            config = config.withCosineAnnealing(settings.training().learningRate());
        }
        TrainingResult<MultiLayerNetwork> result = new Trainer(config, scaleOut).train(new CarriedStateModel(net), streams,
                validator);
        MultiLayerNetwork best = result.best().network();
        TextGenModel model = new TextGenModel(best, codec, settings, new Sampling(500, 0.8, 0, 1.0, 42));
        return new Outcome(model, result, Scoring.score(best, codec, validation), samples.entries(), train.length,
                validation.length - 1);
    }

    /** One sample per temperature, from the start of a line, with a fixed seed: epochs differ only by the model. */
    static List<EpochSamples.Entry> draw(TextGenModel model, int epoch) {
        List<EpochSamples.Entry> out = new ArrayList<>();
        for (double temperature : EpochSamples.TEMPERATURES) {
            String text = model.with(new Sampling(SAMPLE_LENGTH, temperature, 0, 1.0, 1)).generate("", s -> { }).text();
            out.add(new EpochSamples.Entry(epoch, temperature, text));
        }
        return out;
    }

    /** What a checkpoint must have been made with to be resumed: the data and every setting but the budgets. */
    static String fingerprint(Corpus corpus, TextGenSettings s) {
        return Json.line(List.of(corpus.sha256(), s.level(), s.vocabularySize(), s.cell(), s.layers(), s.hidden(),
                s.dropout(), s.embeddingDim(), s.training().batch(), s.training().seed(), s.training().learningRate(),
                s.training().learningRateDecay(), s.training().clipNorm(), s.training().clipValue(), s.training().tbptt(), s.cosine()));
    }
}
