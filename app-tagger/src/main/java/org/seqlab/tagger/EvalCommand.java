package org.seqlab.tagger;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.seqlab.common.app.SplitInfo;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.cli.DataOptions;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.Json;
import org.seqlab.common.metrics.SequenceLabellingMetrics;
import org.seqlab.common.report.Report;
import org.seqlab.datasets.Split;
import org.seqlab.datasets.SplitPlan;
import org.seqlab.datasets.TaggedSentence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seqlab tagger eval}: scores a trained tagger on tagged data and writes a report. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score a tagger bundle on tagged data: token and unseen-word accuracy, per-tag P/R/F1, span "
                + "P/R/F1 for BIO tags, confusion matrix, most frequent errors; writes report.html and metrics.json.",
                "With --part test (the default) and the data the model was trained on, the model's own test split is "
                        + "rebuilt from its bundle; with any other data, or --part all, every sentence is scored."})
public final class EvalCommand implements Callable<Integer> {
    enum Part {
        TEST, ALL;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Option(names = "--model", paramLabel = "DIR", description = "The model bundle. Default: ${DEFAULT-VALUE}.")
    Path model = Path.of("models", "tagger");

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--part", paramLabel = "test|all",
            description = "Which sentences of the training data to score (other data is scored whole). Default: ${DEFAULT-VALUE}.")
    Part part = Part.TEST;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the report. Default: ${DEFAULT-VALUE}.")
    Path out = Path.of("reports", "tagger-eval");

    @Option(names = "--batch", paramLabel = "N", description = "Sentences tagged at once. Default: ${DEFAULT-VALUE}.")
    int batch = TrainCommand.EVAL_BATCH;

    @Option(names = "--decode", paramLabel = "auto|posterior|viterbi", description = TagCommand.DECODE_HELP)
    TaggerModel.Decoding decode = TaggerModel.Decoding.AUTO;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        if (batch < 1 || batch > 65_536) {
            throw new BadInputException("--batch must be between 1 and 65536, got " + batch);
        }
        Report.checkTarget(out);
        ModelBundle bundle = ModelBundle.load(model, TaggerModel.TASK);
        TaggerModel tagger = TaggerModel.load(bundle, true).decoding(decode);
        Map<String, Object> provenance = bundle.info().provenance();
        String trainedOn = String.valueOf(provenance.get("data"));
        String name = data.data != null ? data.data : trainedOn;
        Map<String, Object> extra = (Map<String, Object>) provenance.getOrDefault("extra", Map.of());
        boolean originalTags = "original".equals(extra.get("tagset"));
        TaggerData taggerData;
        if (part == Part.TEST && name.equals(trainedOn) && extra.containsKey("split_method")
                && !"files".equals(extra.get("split_method"))) {
            // the same plan and seed rebuild the very test sentences the model was scored on after training
            SplitInfo split = Json.MAPPER.convertValue(provenance.get("split"), SplitInfo.class);
            int limit = ((Number) extra.getOrDefault("limit", 0)).intValue();
            SplitPlan plan = new SplitPlan(SplitPlan.Method.parse((String) extra.get("split_method")),
                    TrainCommand.TRAIN_FRACTION, TrainCommand.VALIDATION_FRACTION, split.seed(), 0, List.of(), List.of(),
                    null, null, null);
            taggerData = TaggerData.load(name, data.format, originalTags, plan, limit);
        } else {
            List<TaggedSentence> all = TaggerData.tags(org.seqlab.datasets.Datasets.tagged(name, data.format), originalTags);
            taggerData = new TaggerData(name, new Split<>(List.of(), List.of(), all,
                    new SplitInfo("all sentences", 0, 0, 0, 1, 0, 0, all.size())), "");
        }
        List<TaggedSentence> test = taggerData.split().test();
        long start = System.nanoTime();
        List<List<String>> predicted = TaggerEvaluation.tag(tagger, test, batch);
        double seconds = (System.nanoTime() - start) / 1e9;
        SequenceLabellingMetrics metrics = TaggerEvaluation.score(test, predicted, tagger.encoder().tags(),
                tagger.encoder()::seenInTraining);
        Map<String, Object> flat = new LinkedHashMap<>(metrics.flat());
        flat.put("tag_tokens_per_second", metrics.tokens() / Math.max(seconds, 1e-9));
        flat.put("decoding", tagger.decoding().toString());
        TaggerReport.write(out, taggerData, tagger, null, metrics, predicted, Map.of(), List.of(), List.of(), flat, null);
        System.err.printf("tagger eval: %,d sentences, token accuracy %.4f, unseen words %.4f%s; report %s%n", test.size(),
                metrics.tokenAccuracy(), metrics.unseenAccuracy(),
                metrics.spans() == null ? "" : String.format(", span F1 %.4f", metrics.spans().f1()), out.resolve("report.html"));
        return 0;
    }
}
