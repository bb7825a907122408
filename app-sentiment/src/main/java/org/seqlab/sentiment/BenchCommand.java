package org.seqlab.sentiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.Json;
import org.seqlab.datasets.Datasets;
import org.seqlab.datasets.LabeledText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seqlab sentiment bench}: prediction latency and batch throughput of a loaded model. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure a model's prediction speed on real sentences: latency of one sentence at a time "
                + "(p50/p99) and throughput of batched prediction as 'predict' does for standard input.",
                "Prints a table and writes bench.json."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "DIR", description = "The model bundle. Default: ${DEFAULT-VALUE}.")
    Path model = Path.of("models", "sentiment");

    @Option(names = "--data", paramLabel = "NAME|PATH", description = "Sentences to predict. Default: ${DEFAULT-VALUE}.")
    String data = "uci-sentences";

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed single predictions first. Default: ${DEFAULT-VALUE}.")
    int warmup = 200;

    @Option(names = "--iters", paramLabel = "N", description = "Timed single predictions. Default: ${DEFAULT-VALUE}.")
    int iterations = 1000;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the JSON results. Default: ${DEFAULT-VALUE}.")
    Path out = Path.of("bench.json");

    @Override
    public Integer call() throws Exception {
        if (warmup < 0 || iterations < 1) {
            throw new BadInputException("--warmup must not be negative and --iters must be positive");
        }
        SentimentClassifier classifier = SentimentClassifier.load(model);
        List<String> texts = Datasets.labeledTexts(data, null).stream().map(LabeledText::text).toList();
        if (texts.isEmpty()) {
            throw new BadInputException("no texts in " + data);
        }
        for (int i = 0; i < warmup; i++) {
            classifier.predict(texts.get(i % texts.size()));
        }
        double[] millis = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            classifier.predict(texts.get(i % texts.size()));
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        // one untimed pass compiles the batch shapes; the median of three timed passes is reported
        double[] passes = new double[4];
        for (int pass = 0; pass < passes.length; pass++) {
            long start = System.nanoTime();
            for (int from = 0; from < texts.size(); from += PredictCommand.CHUNK) {
                classifier.predict(texts.subList(from, Math.min(texts.size(), from + PredictCommand.CHUNK)));
            }
            passes[pass] = texts.size() / ((System.nanoTime() - start) / 1e9);
        }
        double[] timed = Arrays.copyOfRange(passes, 1, passes.length);
        Arrays.sort(timed);
        double throughput = timed[1];

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", model.toAbsolutePath().toString());
        result.put("sentences", texts.size());
        result.put("latency_p50_ms", percentile(millis, 0.50));
        result.put("latency_p99_ms", percentile(millis, 0.99));
        result.put("latency_max_ms", millis[millis.length - 1]);
        result.put("batch_sentences_per_second", throughput);
        result.put("threads", Runtime.getRuntime().availableProcessors());
        Json.writeFile(out, Map.of("rows", new ArrayList<>(List.of(result))));
        System.out.printf("%-28s %12s%n", "metric", "value");
        System.out.printf("%-28s %12.2f%n", "latency p50 (ms)", percentile(millis, 0.50));
        System.out.printf("%-28s %12.2f%n", "latency p99 (ms)", percentile(millis, 0.99));
        System.out.printf("%-28s %,12.0f%n", "batch sentences/s", throughput);
        System.err.println("written " + out.toAbsolutePath());
        return 0;
    }

    static double percentile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
