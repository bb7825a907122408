package org.seqlab.sentiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.Json;
import org.seqlab.datasets.Datasets;
import org.seqlab.datasets.LabeledText;
import org.seqlab.common.app.SplitInfo;
import org.seqlab.datasets.Splits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seqlab sentiment eval}: scores a trained model on labelled data and writes a report. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Evaluate a sentiment model bundle on labelled texts and write report.html and metrics.json.")
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "DIR", description = "The model bundle (folder or zip). Default: ${DEFAULT-VALUE}.")
    Path model = Path.of("models", "sentiment");

    @Option(names = "--data", paramLabel = "NAME|PATH",
            description = "Labelled texts to evaluate on. Default: the model's training dataset, its test split.")
    String data;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Format of a --data path when it cannot be detected.")
    String format;

    @Option(names = "--split", paramLabel = "test|all",
            description = "With the model's own dataset: evaluate on its held-out test split, or on everything. "
                    + "Default: ${DEFAULT-VALUE}.")
    String split = "test";

    @Option(names = "--out", paramLabel = "DIR", description = "Where the report goes. Default: ${DEFAULT-VALUE}.")
    Path out = Path.of("reports", "sentiment-eval");

    @Override
    public Integer call() throws Exception {
        if (!split.equals("test") && !split.equals("all")) {
            throw new BadInputException("--split must be test or all, got " + split);
        }
        SentimentClassifier classifier = SentimentClassifier.load(model);
        ModelBundle bundle = ModelBundle.load(model, SentimentClassifier.TASK);
        String dataName = data != null ? data : bundle.info().data();
        List<LabeledText> examples = Datasets.labeledTexts(dataName, format);
        String scope = "all " + examples.size() + " texts";
        if (dataName.equals(bundle.info().data()) && split.equals("test")) {
            Object recorded = bundle.info().provenance().get("split");
            if (recorded != null) {
                SplitInfo info = Json.MAPPER.convertValue(recorded, SplitInfo.class);
                // a fractions split is reproduced from its seed; other splits (folds, sources, files) are not
                if (info.method().startsWith("stratified") || info.method().startsWith("random")) {
                    examples = Splits.stratified(examples, info.method().startsWith("random") ? e -> ""
                            : LabeledText::label, info.trainFraction(), info.validationFraction(), info.seed()).test();
                    scope = "its held-out test split (" + examples.size() + " texts, seed " + info.seed() + ")";
                }
            }
        }
        examples = examples.stream().filter(e -> classifier.labels().contains(e.label())).toList();
        if (examples.isEmpty()) {
            throw new BadInputException("no texts in " + dataName + " carry one of the model's labels " + classifier.labels());
        }
        Evaluation evaluation = Evaluation.of(classifier, examples);
        Map<String, Object> about = new java.util.LinkedHashMap<>(bundle.info().hyperParameters());
        about.put("model", model.toAbsolutePath().toString());
        about.put("trained_on", bundle.info().data());
        about.put("evaluated_on", dataName + ": " + scope);
        Path report = SentimentReport.evaluation(out, "Sentiment evaluation: " + dataName, evaluation, about);
        System.err.printf("sentiment eval: accuracy %.4f, macro-F1 %.4f on %s; report %s%n", evaluation.metrics().accuracy(),
                evaluation.metrics().macroF1(), scope, report);
        return 0;
    }
}
