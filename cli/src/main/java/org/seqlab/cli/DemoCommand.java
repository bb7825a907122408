package org.seqlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.seqlab.common.cli.Cli;
import org.seqlab.common.cli.ExitCodes;
import org.seqlab.common.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code seqlab demo}: fetches the default datasets, trains every application on a small budget and
 * links the reports from {@code reports/index.html}. Each step is an ordinary seqlab command line, so
 * the demo shows what a user would type.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fetch the default datasets, train every application on a small budget, and write "
                + "<reports>/index.html linking all reports.",
                "Prints each step as the seqlab command it runs; stops at the first failing step."})
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--reports", paramLabel = "DIR", description = "Where the reports go. Default: ${DEFAULT-VALUE}.")
    Path reports = Path.of("reports");

    @Option(names = "--models", paramLabel = "DIR", description = "Where the model bundles go. Default: ${DEFAULT-VALUE}.")
    Path models = Path.of("models");

    @Option(names = "--quick", description = "A smoke run in a minute or two: tiny models, one or two epochs.")
    boolean quick;

    /** The demo's steps, each a seqlab command line. */
    List<List<String>> steps() {
        List<List<String>> steps = new ArrayList<>();
        steps.add(List.of("data", "fetch", "uci-sentences"));
        List<String> sentiment = new ArrayList<>(List.of("sentiment", "train", "--data", "uci-sentences",
                "--model", models.resolve("sentiment").toString(), "--out", reports.resolve("sentiment").toString()));
        if (quick) {
            sentiment.addAll(List.of("--epochs", "1", "--hidden", "16", "--embeddings", "random", "--embedding-dim", "16"));
        } else {
            sentiment.addAll(List.of("--compare-embeddings", "random"));
        }
        steps.add(sentiment);
        steps.add(List.of("data", "fetch", "brown-pos"));
        // a slice of Brown: the full corpus trains for far longer than the demo's few minutes per step
        List<String> tagger = new ArrayList<>(List.of("tagger", "train", "--data", "brown-pos",
                "--model", models.resolve("tagger").toString(), "--out", reports.resolve("tagger").toString()));
        if (quick) {
            tagger.addAll(List.of("--limit", "600", "--epochs", "1", "--hidden", "16", "--embeddings", "random",
                    "--embedding-dim", "16", "--char-filters", "16"));
        } else {
            tagger.addAll(List.of("--limit", "4000", "--epochs", "3"));
        }
        steps.add(tagger);
        steps.add(List.of("data", "fetch", "moby-dick"));
        List<String> textgen = new ArrayList<>(List.of("textgen", "train", "--data", "moby-dick",
                "--model", models.resolve("textgen").toString(), "--out", reports.resolve("textgen").toString()));
        // the default network on a 4-minute budget (the default is 20): readable words, not yet sentences
        textgen.addAll(quick ? List.of("--epochs", "1", "--minutes", "0.3", "--hidden", "32", "--layers", "1")
                : List.of("--minutes", "4"));
        steps.add(textgen);
        List<String> gradients = new ArrayList<>(List.of("gradients", "--out", reports.resolve("gradients").toString()));
        if (quick) {
            gradients.addAll(List.of("--steps", "10", "--hidden", "16", "--train-iterations", "5"));
        }
        steps.add(gradients);
        steps.add(List.of("data", "fetch", "emoji-captions"));
        List<String> caption = new ArrayList<>(List.of("caption", "train", "--data", "emoji-captions",
                "--model", models.resolve("captioning").toString(), "--out", reports.resolve("captioning").toString()));
        // about four minutes on 2 cores: 32x32 images instead of 64x64, the default 20 epochs; with 8 the model was
        // 14 BLEU-4 points below the nearest training image by pixels (docs/captioning.md)
        caption.addAll(quick ? List.of("--epochs", "1", "--image-size", "32", "--channels", "8,16,32,64", "--hidden", "64", "--feature-size", "64",
                "--embedding-dim", "32") : List.of("--image-size", "32"));
        steps.add(caption);
        steps.add(List.of("data", "fetch", "gettext-de-en"));
        List<String> translation = new ArrayList<>(List.of("translate", "train", "--data", "gettext-de-en",
                "--model", models.resolve("translation").toString(), "--out", reports.resolve("translation").toString()));
        if (quick) {
            translation.addAll(List.of("--max-pairs", "300", "--epochs", "1", "--hidden", "16", "--embedding-dim", "16",
                    "--attention-size", "16", "--bpe-merges", "200", "--test-size", "50", "--bleu-pairs", "20"));
        } else {
            // the default network on all the pairs for 10 minutes (the default budget is 25): a smaller network on a
            // third of the pairs for 3 epochs translated "the the the" (6.5 BLEU); two epochs of this one read
            translation.addAll(List.of("--minutes", "10", "--test-size", "300", "--bleu-pairs", "100"));
        }
        steps.add(translation);
        return steps;
    }

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        List<List<String>> steps = steps();
        for (int i = 0; i < steps.size(); i++) {
            List<String> step = steps.get(i);
            System.err.printf("%n[%d/%d] seqlab %s%n", i + 1, steps.size(), String.join(" ", step));
            int code = Cli.run(new SeqlabMain(), step.toArray(String[]::new));
            if (code != ExitCodes.OK) {
                System.err.println("demo: step " + (i + 1) + " failed (exit code " + code + "); later steps skipped");
                return code;
            }
        }
        Path index = Report.writeIndex(reports);
        System.err.printf("%ndemo finished in %.1f min; open %s%n", (System.nanoTime() - start) / 60e9,
                index.toAbsolutePath());
        return ExitCodes.OK;
    }
}
