package org.seqlab.translation;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.seqlab.common.app.ParallelPredictions;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.report.Report;
import org.seqlab.datasets.Datasets;
import org.seqlab.datasets.TextPair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seqlab translate eval}: scores a bundle on its held-out test split (or on given pairs). */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a translation model: BLEU, lower-cased BLEU and chrF for greedy and beam decoding on the "
                + "held-out test split of its training data (or on every pair of --data), examples and attention heat maps.")
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "DIR", description = "The model bundle. Default: ${DEFAULT-VALUE}.")
    Path model = Path.of("models", "translation");

    @Option(names = "--data", paramLabel = "PATH",
            description = "Score on every pair of this file (TSV, JSONL, a.de,a.en) instead of the model's test split.")
    String data;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Format of --data when it cannot be detected (tsv, jsonl, aligned, mo).")
    String format;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the report. Default: ${DEFAULT-VALUE}.")
    Path out = Path.of("reports", "translation-eval");

    @Mixin
    SearchOptions search = new SearchOptions();

    @Option(names = "--limit", paramLabel = "N", description = "Score only the first N test pairs (0 = all). Default: ${DEFAULT-VALUE}.")
    int limit = 0;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads decoding parts of the test set at once (up to 32 sentences a part, stepped "
                    + "together), each with its own copy of the network. "
                    + "Default: one per core (${DEFAULT-VALUE} here).")
    int threads = ParallelPredictions.defaultWorkers();

    @Override
    public Integer call() throws Exception {
        Decoding decoding = search.beamSearch(1);
        if (limit < 0) {
            throw new BadInputException("--limit must not be negative, got " + limit);
        }
        Report.checkTarget(out);
        ModelBundle bundle = ModelBundle.load(model, TranslationModel.TASK);
        TranslationModel translator = TranslationModel.load(bundle).with(decoding).withWorkers(threads);
        String what;
        List<TextPair> test;
        if (data != null) {
            test = Datasets.pairs(data, format);
            what = data;
        } else {
            TranslationData source = bundle.json(TrainCommand.DATA_FILE, TranslationData.class);
            test = source.split().test();
            what = source.data() + " " + source.direction() + " (the test split of training)";
        }
        if (limit > 0 && test.size() > limit) {
            test = test.subList(0, limit);
        }
        Report report = new Report("Translation model " + model.getFileName() + " evaluated", out);
        report.section("Model").paragraph(TrainCommand.describe(translator.settings(), translator));
        Map<String, Object> flat = TranslationReport.evaluate(report, translator, test, what);
        Path written = report.write();
        System.err.printf(Locale.ROOT, "translate eval: bleu_lowercase %.2f (beam %d), %.2f (greedy); bleu %.2f; chrF %.2f "
                        + "on %,d pairs; report %s%n", (Double) flat.get("bleu_lowercase"), search.beam, (Double) flat.get("greedy_bleu_lowercase"),
                (Double) flat.get("bleu"), (Double) flat.get("chrf"), test.size(), written);
        return 0;
    }
}
