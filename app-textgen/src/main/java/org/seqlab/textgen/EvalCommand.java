package org.seqlab.textgen;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.io.Json;
import org.seqlab.common.metrics.LanguageModelEvaluator;
import org.seqlab.common.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seqlab textgen eval}: perplexity and bits per character (or word) of any text under a model. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score a text with a trained model: nats, bits and perplexity per character (word), and the loss "
                + "per character class, read with the recurrent state carried through the text.",
                "Prints one JSON line of metrics and writes a report (--out)."})
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "DIR", description = "The model bundle. Default: ${DEFAULT-VALUE}.")
    Path model = Path.of("models", "textgen");

    @Option(names = "--data", paramLabel = "NAME|PATH",
            description = "The text to score: a catalog name, a UTF-8 file or a folder. Default: the held-out last "
                    + "5 %% of the model's training data.")
    String data;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the report. Default: ${DEFAULT-VALUE}.")
    Path out = Path.of("reports", "textgen-eval");

    @Override
    public Integer call() throws Exception {
        Report.checkTarget(out);
        ModelBundle bundle = ModelBundle.load(model, TextGenModel.TASK);
        TextGenModel textgen = TextGenModel.load(bundle);
        Codec codec = textgen.codec();
        String name = data != null ? data : bundle.info().data();
        Corpus corpus = Corpus.load(name);
        int[] tokens = codec.encode(corpus.text());
        String scored = name;
        if (data == null) {
            int split = Corpus.validationStart(tokens.length);
            tokens = Arrays.copyOfRange(tokens, Math.max(0, split - 1), tokens.length);
            scored = name + " (last 5 %)";
        }
        if (tokens.length < 2) {
            throw new org.seqlab.common.error.BadInputException(name + " is too short to score: it needs two "
                    + codec.level().unit() + "s or more");
        }
        LanguageModelEvaluator.Metrics metrics = Scoring.score(textgen.network(), codec, tokens);
        Map<String, Object> flat = new LinkedHashMap<>();
        flat.put("data", scored);
        flat.putAll(metrics.flat());
        flat.remove("loss");
        System.out.println(Json.line(flat));
        Report report = new Report("Text generation: " + model.getFileName() + " scoring " + scored, out);
        Map<String, Object> tiles = new LinkedHashMap<>(flat);
        tiles.keySet().removeIf(k -> k.startsWith("loss_") || k.equals("data"));
        report.keyMetrics(tiles).metrics(flat);
        List<List<?>> rows = new java.util.ArrayList<>();
        metrics.byClass().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> rows.add(List.of(e.getKey(),
                e.getValue().tokens(), e.getValue().natsPerToken(), e.getValue().natsPerToken() / Math.log(2))));
        String unit = codec.level().unit();
        report.section("Loss by " + unit + " class").table(List.of("class", unit + "s", "nats/" + unit, "bits/" + unit), rows);
        System.err.println("textgen eval: report " + report.write());
        return 0;
    }
}
