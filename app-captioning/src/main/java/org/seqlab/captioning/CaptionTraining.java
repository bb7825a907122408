package org.seqlab.captioning;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.seqlab.common.decode.Hypothesis;
import org.seqlab.common.image.ImageLoader;
import org.seqlab.common.io.Json;
import org.seqlab.common.progress.Progress;
import org.seqlab.common.text.Vocabulary;
import org.seqlab.common.train.ScaleOutSettings;
import org.seqlab.common.train.Trainer;
import org.seqlab.common.train.TrainerConfig;
import org.seqlab.common.train.TrainSettings;
import org.seqlab.common.train.Trainables;
import org.seqlab.common.train.TrainingResult;

/**
 * One training run: the vocabulary of the training captions, the pictures read once and kept at the network's
 * size, the caption graph, and the shared {@link Trainer} with validation by greedy BLEU (the model of the
 * best epoch is kept) and the validation loss.
 */
final class CaptionTraining {
    /** Validation decodes at most this many images per epoch (all of emoji-captions' 320). */
    static final int VALIDATION_IMAGES = 500;
    /**
     * Chooses the epoch: the mean of greedy BLEU-1..4 on the validation images. BLEU-4 alone is zero for
     * every model while captions are shorter than four words (early epochs, short captions).
     */
    static final String MONITOR = "bleu_mean";

    record Result(CaptionModel model, TrainingResult<ComputationGraph> training) {
    }

    private CaptionTraining() {
    }

    /** Reads every image once, resized to the network's input size; an unreadable one stops with its name. */
    static List<BufferedImage> pictures(List<CaptionExample> examples, int size, String what) {
        List<BufferedImage> out = new ArrayList<>(examples.size());
        try (Progress progress = Progress.start("reading " + what + " images", examples.size(), "image")) {
            for (CaptionExample e : examples) {
                out.add(ImageLoader.resize(ImageLoader.read(e.image()), size, size));
                progress.step(1);
            }
        }
        return out;
    }

    static Vocabulary vocabulary(List<CaptionExample> train, int minCount) {
        List<List<String>> captions = new ArrayList<>();
        train.forEach(e -> captions.addAll(e.referenceTokens()));
        return Vocabulary.build(captions, minCount, 0);
    }

    static Result train(List<CaptionExample> train, List<BufferedImage> trainPictures, List<CaptionExample> validation,
                        List<BufferedImage> validationPictures, CaptionSettings settings, TrainSettings options,
                        Path checkpoints, boolean resume, ScaleOutSettings scaleOut, double budgetSeconds)
            throws IOException {
        Vocabulary vocab = vocabulary(train, settings.minCount());
        ImageLoader loader = settings.imageLoader();
        CaptionBatches batches = new CaptionBatches(trainPictures, CaptionBatches.pairs(train, vocab), loader,
                options.batch(), options.seed(), settings.augment());
        CaptionBatches validationBatches = new CaptionBatches(validationPictures, CaptionBatches.pairs(validation, vocab),
                loader, options.batch(), options.seed(), "none");
        ComputationGraph graph = CaptionNetwork.build(settings, vocab.size(), options);
        List<CaptionExample> decoded = validation.subList(0, Math.min(VALIDATION_IMAGES, validation.size()));
        List<float[]> decodedPixels = new ArrayList<>();
        for (int i = 0; i < decoded.size(); i++) {
            decodedPixels.add(loader.toArray(validationPictures.get(i)));
        }
        TrainerConfig config = new TrainerConfig(options.epochs(), options.patience(), MONITOR, true, checkpoints, resume,
                Json.line(Map.of("settings", settings, "train", options, "vocabulary", vocab.size(),
                        "examples", train.size())), budgetSeconds);
        TrainingResult<ComputationGraph> result = new Trainer(config, scaleOut).train(Trainables.of(graph), batches, model -> {
            ComputationGraph current = model.network();
            CaptionModel captioner = new CaptionModel(current, vocab, settings, 1, 1, 0);
            List<List<String>> hyps = new ArrayList<>();
            for (float[] pixels : decodedPixels) {
                hyps.add(captioner.words(captioner.describe(pixels, 1, 1).get(0)));
            }
            CaptionMetrics.Scores scores = CaptionMetrics.score(decoded.stream().map(CaptionExample::referenceTokens).toList(), hyps);
            Map<String, Double> out = new LinkedHashMap<>();
            out.put("loss", loss(current, validationBatches));
            out.put(MONITOR, scores.meanBleu());
            out.put("bleu1", scores.bleu(1));
            out.put("bleu4", scores.bleu(4));
            return out;
        });
        ComputationGraph best = result.best().network();
        return new Result(new CaptionModel(best, vocab, settings, 3, 1, CaptionModel.DEFAULT_LENGTH_ALPHA), result);
    }

    /** Mean per-step loss over the validation pairs (teacher forcing, no augmentation). */
    static double loss(ComputationGraph graph, CaptionBatches batches) {
        double sum = 0;
        int count = 0;
        List<CaptionBatches.Pair> pairs = batches.allPairs();
        for (int from = 0; from < pairs.size(); from += 64) {
            List<CaptionBatches.Pair> slice = pairs.subList(from, Math.min(pairs.size(), from + 64));
            MultiDataSet batch = batches.batch(slice, null);
            sum += graph.score(batch, false) * slice.size();
            count += slice.size();
        }
        return sum / Math.max(1, count);
    }

    /** Greedy and beam captions of a list of images. */
    static List<Hypothesis> describeAll(CaptionModel model, List<float[]> images, int beam) {
        List<Hypothesis> out = new ArrayList<>(images.size());
        try (Progress progress = Progress.start(beam == 1 ? "greedy captions" : "beam " + beam + " captions", images.size(),
                "image")) {
            for (float[] pixels : images) {
                out.add(model.describe(pixels, beam, 1).get(0));
                progress.step(1);
            }
        }
        return out;
    }
}
