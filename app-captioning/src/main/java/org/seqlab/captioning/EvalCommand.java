package org.seqlab.captioning;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.report.Report;
import org.seqlab.datasets.Split;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seqlab caption eval}: scores a bundle on the held-out test images of the split it was trained with. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score a captioning bundle on the test images of its own split (same data, same seed) beside "
                + "the baselines, and write a report: BLEU-1..4 and chrF, greedy and beam, nearest-neighbour and "
                + "frequent-word baselines, 16 captioned test images, attention maps (attention models)."})
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "DIR", description = "The model bundle. Default: ${DEFAULT-VALUE}.")
    Path model = Path.of("models", "captioning");

    @Option(names = "--data", paramLabel = "NAME|PATH",
            description = "The data the bundle was trained on (default: the name stored in the bundle).")
    String data;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Format of a --data path when it cannot be "
            + "detected (flickr8k, flickr8k-token, coco, jsonl).")
    String format;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the report goes. Default: ${DEFAULT-VALUE}.")
    Path out = Path.of("reports", "captioning-eval");

    @Option(names = "--beam", paramLabel = "K", description = "Beam width. Default: ${DEFAULT-VALUE}.")
    int beam = 3;

    @Override
    public Integer call() throws Exception {
        if (beam < 1 || beam > 64) {
            throw new BadInputException("--beam must be between 1 and 64, got " + beam);
        }
        Report.checkTarget(out);
        ModelBundle bundle = ModelBundle.load(model, CaptionModel.TASK);
        CaptionModel captioner = CaptionModel.load(bundle, beam, 1, CaptionModel.DEFAULT_LENGTH_ALPHA);
        String source = data != null ? data : bundle.info().data();
        if (source == null || source.isBlank()) {
            throw new BadInputException(model + " does not name its training data; give --data");
        }
        long seed = splitSeed(bundle);
        List<CaptionExample> examples = CaptionData.load(source, format);
        Split<CaptionExample> split = CaptionData.split(examples, seed);
        int size = captioner.settings().imageSize();
        List<BufferedImage> trainPictures = CaptionTraining.pictures(split.train(), size, "training");
        List<BufferedImage> testPictures = CaptionTraining.pictures(split.test(), size, "test");
        Report report = new Report("Image captioning: " + model.getFileName() + " on " + source, out);
        report.paragraph("Test split of " + source + " with seed " + seed + ": " + split.test().size() + " images ("
                + split.info().method() + ").");
        CaptionEvaluation.Outcome outcome = CaptionEvaluation.evaluate(captioner, beam, split.train(), trainPictures,
                split.test(), testPictures);
        CaptionEvaluation.write(report, captioner, outcome, beam, split.test(), testPictures);
        Path written = report.write();
        CaptionMetrics.Scores main = outcome.systems().values().iterator().next();
        System.err.printf("caption eval: beam-%d BLEU-1 %.1f, BLEU-4 %.1f, chrF %.1f; report %s%n", beam, main.bleu(1),
                main.bleu(4), main.chrF(), written);
        return 0;
    }

    private static long splitSeed(ModelBundle bundle) {
        Object split = bundle.info().provenance() == null ? null : bundle.info().provenance().get("split");
        if (split instanceof Map<?, ?> m && m.get("seed") instanceof Number n) {
            return n.longValue();
        }
        throw new BadInputException(bundle.dir() + " does not record the split it was trained with");
    }
}
