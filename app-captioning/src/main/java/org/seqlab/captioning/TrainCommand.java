package org.seqlab.captioning;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.seqlab.common.app.Provenance;
import org.seqlab.common.app.RunPlan;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.cli.DataOptions;
import org.seqlab.common.cli.NetworkOptions;
import org.seqlab.common.cli.TrainOptions;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.report.Report;
import org.seqlab.common.report.ReportSections;
import org.seqlab.common.train.EpochRecord;
import org.seqlab.common.train.TrainSettings;
import org.seqlab.datasets.Datasets;
import org.seqlab.datasets.Split;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seqlab caption train}: trains a captioner, scores it beside the baselines, writes a bundle and a report. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train an image captioner (CNN encoder + recurrent decoder) and write a model bundle and a report.",
                "--data takes emoji-captions (the catalog's, the default), a Flickr8k folder (captions.txt + Images/), "
                        + "a COCO captions_*.json (images in the folder named after it) or a JSON-lines file. Images "
                        + "are split by base emoji for emoji-captions, by image otherwise (80/9/11)."})
public final class TrainCommand implements Callable<Integer> {
    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    NetworkOptions network = decoderDefaults();

    @Mixin
    CaptionOptions caption = new CaptionOptions();

    @Mixin
    TrainOptions train = trainDefaults();

    @Option(names = "--beam", paramLabel = "K", description = "Beam width of the test captions. Default: ${DEFAULT-VALUE}.")
    int beam = 3;

    static NetworkOptions decoderDefaults() {
        NetworkOptions n = new NetworkOptions();
        n.hidden = 256;
        n.embeddingDim = 128;
        return n;
    }

    static TrainOptions trainDefaults() {
        TrainOptions t = new TrainOptions();
        t.epochs = 20;
        t.batch = 64;
        t.learningRate = 2e-3;
        t.patience = 3;
        t.model = Path.of("models", "captioning");
        t.out = Path.of("reports", "captioning");
        return t;
    }

    @Override
    public Integer call() throws Exception {
        if (data.data == null) {
            data.data = CaptionData.EMOJI;
        }
        if (beam < 1 || beam > 64) {
            throw new BadInputException("--beam must be between 1 and 64, got " + beam);
        }
        CaptionSettings settings = caption.settings(network);
        TrainSettings options = train.settings();
        double budgetSeconds = train.budgetSeconds();
        RunPlan plan = RunPlan.seeds(train.seeds, options.seed(), train.model);
        ModelBundle.checkTarget(train.model);
        Report.checkTarget(train.out);
        Instant started = Instant.now();

        List<CaptionExample> examples = CaptionData.load(data.data, data.format);
        Split<CaptionExample> split = CaptionData.split(examples, options.seed());
        int size = settings.imageSize();
        List<BufferedImage> trainPictures = CaptionTraining.pictures(split.train(), size, "training");
        List<BufferedImage> validationPictures = CaptionTraining.pictures(split.validation(), size, "validation");
        List<BufferedImage> testPictures = CaptionTraining.pictures(split.test(), size, "test");

        List<CaptionTraining.Result> runs = plan.execute(run -> CaptionTraining.train(split.train(), trainPictures,
                split.validation(), validationPictures, settings, options.withSeed(run.seed()), run.checkpoints(),
                train.resume, train.scaleOut(), budgetSeconds));
        CaptionTraining.Result chosen = RunPlan.chooseByValidation(runs,
                r -> best(r).validation().get(CaptionTraining.MONITOR), true);
        CaptionModel model = chosen.model();

        Report report = new Report("Image captioning: " + data.data, train.out);
        CaptionEvaluation.Outcome outcome = CaptionEvaluation.evaluate(model, beam, split.train(), trainPictures,
                split.test(), testPictures);
        CaptionEvaluation.write(report, model, outcome, beam, split.test(), testPictures);
        if (plan.repeated()) {
            List<String> names = new ArrayList<>();
            List<Map<String, Double>> scores = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                names.add(plan.runs().get(i).name());
                CaptionEvaluation.Outcome o = i == runs.indexOf(chosen) ? outcome : CaptionEvaluation.evaluate(
                        runs.get(i).model(), beam, split.train(), trainPictures, split.test(), testPictures);
                scores.add(o.systems().values().iterator().next().flat());
            }
            ReportSections.repeatedRuns(report, names, scores, List.of("bleu1", "bleu2", "bleu3", "bleu4", "chrf"));
        }
        ReportSections.learningCurves(report, chosen.training(), CaptionTraining.MONITOR);
        double seconds = (Instant.now().toEpochMilli() - started.toEpochMilli()) / 1000.0;
        Map<String, Object> trainingFacts = new LinkedHashMap<>();
        trainingFacts.put("epochs", chosen.training().history().size());
        trainingFacts.put("best_epoch", chosen.training().bestEpoch());
        trainingFacts.put("train_seconds", chosen.training().seconds());
        trainingFacts.put("seconds_per_epoch", chosen.training().history().stream().mapToDouble(EpochRecord::seconds)
                .average().orElse(0));
        trainingFacts.put("train_tokens_per_second", chosen.training().tokensPerSecond());
        trainingFacts.put("seconds", seconds);
        trainingFacts.put("vocabulary", model.vocabulary().size());
        trainingFacts.put("train_images", split.train().size());
        trainingFacts.put("validation_images", split.validation().size());
        report.section("Training").keyMetrics(trainingFacts);

        Provenance provenance = Provenance.of(data.data, Datasets.fingerprint(data.data), split.info(), settings, options,
                plan.runs().stream().map(r -> r.seed()).toList(),
                plan.runs().get(runs.indexOf(chosen)).name(), chosen.training().bestEpoch(), started,
                Map.of("beam", beam));
        ReportSections.provenance(report, provenance);
        ModelBundle.Writer bundle = ModelBundle.writer(CaptionModel.TASK).data(data.data)
                .hyperParameters(Map.of("caption", settings, "train", options))
                .metrics(outcome.systems().values().iterator().next().flat()).provenance(provenance);
        model.withExample(split.test().get(0).image()).addTo(bundle);
        bundle.write(train.model);
        Path written = report.write();
        plan.discardCheckpoints();
        System.err.printf("caption: beam-%d BLEU-1 %.1f, BLEU-4 %.1f on %d test images; model in %s, report %s%n", beam,
                outcome.systems().values().iterator().next().bleu(1), outcome.systems().values().iterator().next().bleu(4),
                split.test().size(), train.model, written);
        return 0;
    }

    private static EpochRecord best(CaptionTraining.Result r) {
        return r.training().history().stream().filter(e -> e.epoch() == r.training().bestEpoch()).findFirst()
                .orElse(r.training().history().get(r.training().history().size() - 1));
    }
}
