package org.seqlab.datasets;

import org.seqlab.common.app.SplitInfo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.seqlab.common.cli.CommandGroup;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.cli.Cli;
import org.seqlab.datasets.fetch.Fetcher;
import org.seqlab.datasets.fetch.Manifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seqlab data list | fetch <name|all> | info <name>}. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "List, fetch and describe the catalog datasets (cached under ${SEQLAB_HOME:-~/.seqlab}/datasets).",
        subcommands = {DataCommand.ListCommand.class, DataCommand.FetchCommand.class, DataCommand.InfoCommand.class})
public final class DataCommand extends CommandGroup {
    /** Runs the data command on its own, without the umbrella launcher. */
    public static void main(String[] args) {
        Cli.main(new DataCommand(), args);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Show every catalog dataset: kind, download size, examples, whether fetched, licence.")
    static final class ListCommand implements Runnable {
        @Override
        public void run() {
            PrintStream out = System.out;
            out.printf("%-15s %-17s %9s %9s %-14s %s%n", "NAME", "KIND", "DOWNLOAD", "EXAMPLES", "FETCHED", "LICENCE");
            for (DatasetSpec d : Catalog.all()) {
                String examples = "-";
                String fetched = "no";
                if (Fetcher.isFetched(d)) {
                    try {
                        Manifest m = Manifest.read(Fetcher.folder(d.name()));
                        examples = String.format("%,d", m.counts().getOrDefault("examples", 0L));
                        fetched = "yes, " + size(m.totalBytes());
                    } catch (java.io.IOException e) {
                        fetched = "damaged";
                    }
                }
                out.printf("%-15s %-17s %9s %9s %-14s %s%n", d.name(), d.kind().description(), size(d.downloadBytes()),
                        examples, fetched, d.licence());
            }
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Download, verify (SHA-256) and prepare datasets; already fetched intact datasets are left alone.")
    static final class FetchCommand implements Runnable {
        @Parameters(paramLabel = "NAME|all", arity = "1..*",
                description = "Catalog dataset names (see 'seqlab data list'), or 'all'.")
        List<String> names;

        @Option(names = "--force", description = "Fetch again even when the dataset is present and intact.")
        boolean force;

        @Override
        public void run() {
            List<DatasetSpec> specs = names.contains("all") ? new ArrayList<>(Catalog.all())
                    : names.stream().map(Catalog::get).toList();
            List<String> failures = new ArrayList<>();
            for (DatasetSpec d : specs) {
                try {
                    boolean present = Fetcher.isFetched(d);
                    if (force) {
                        Fetcher.fetch(d);
                    }
                    Path dir = Fetcher.ensure(d);
                    Manifest m = Manifest.read(dir);
                    System.out.printf("%s: %s %,d examples in %s%n", d.name(), present && !force ? "already fetched," : "fetched",
                            m.counts().getOrDefault("examples", 0L), dir);
                } catch (BadInputException e) {
                    System.err.println("seqlab data fetch: " + d.name() + ": " + e.getMessage());
                    failures.add(d.name());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            if (!failures.isEmpty()) {
                throw new BadInputException("could not fetch " + String.join(", ", failures) + " (reasons above)");
            }
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Describe a dataset: counts per split, label distribution, length histogram and 3 samples "
                    + "(fetches it first if needed).")
    static final class InfoCommand implements Runnable {
        @Parameters(paramLabel = "NAME", description = "A catalog dataset name (see 'seqlab data list').")
        String name;

        @Option(names = "--seed", paramLabel = "N", description = "Seed of the split shown. Default: ${DEFAULT-VALUE}.")
        long seed = 42;

        @Option(names = "--train", paramLabel = "F", description = "Training fraction of the split shown. Default: ${DEFAULT-VALUE}.")
        double train = 0.8;

        @Option(names = "--validation", paramLabel = "F",
                description = "Validation fraction of the split shown (test gets the rest). Default: ${DEFAULT-VALUE}.")
        double validation = 0.1;

        @Override
        public void run() {
            DatasetSpec d = Catalog.get(name);
            Path dir = Datasets.fetch(name);
            PrintStream out = System.out;
            out.println(d.name() + " - " + d.description());
            out.println("licence: " + d.licence());
            out.println("folder:  " + dir);
            switch (d.kind()) {
                case LABELED_TEXT -> describe(out, Datasets.labeledTexts(name, null), LabeledText::label,
                        t -> words(t.text()), t -> "[" + t.label() + ", " + t.source() + "] " + t.text());
                case PAIRS -> describe(out, Datasets.pairs(name, null), p -> null,
                        p -> words(p.target()), p -> p.source() + "  =>  " + p.target());
                case TAGGED -> describe(out, Datasets.tagged(name), s -> null, s -> s.words().size(), s -> {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < s.words().size(); i++) {
                        sb.append(i == 0 ? "" : " ").append(s.words().get(i)).append('/').append(s.tags().get(i));
                    }
                    return sb.toString();
                });
                case CAPTIONS -> describe(out, Datasets.captions(name), c -> c.flag() ? "flag" : "not flag",
                        c -> words(c.caption()), c -> c.image().getFileName() + ": " + c.caption() + " " + c.keywords());
                case TEXT -> {
                    List<String> lines = Datasets.plainText(name).lines().filter(l -> !l.isBlank()).toList();
                    out.println("(counts are non-empty lines)");
                    describe(out, lines, l -> null, DataCommand::words, l -> l);
                }
                case EMBEDDINGS -> {
                    try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(dir.resolve(d.mainFile()))) {
                        List<String> first = new ArrayList<>();
                        long count = lines.peek(l -> {
                            if (first.size() < 3) {
                                first.add(l);
                            }
                        }).count();
                        out.printf("words: %,d, dimensions: %d%n", count, first.get(0).split(" ").length - 1);
                        first.forEach(l -> out.println("  " + abbreviate(l)));
                    } catch (java.io.IOException e) {
                        throw new BadInputException("cannot read " + dir.resolve(d.mainFile()) + ": " + e.getMessage(), e);
                    }
                }
            }
        }

        private <T> void describe(PrintStream out, List<T> items, Function<T, String> label, Function<T, Integer> length,
                                  Function<T, String> show) {
            Function<T, String> stratum = t -> {
                String l = label.apply(t);
                return l == null ? "" : l;
            };
            Split<T> split = Splits.stratified(items, stratum, train, validation, seed);
            SplitInfo info = split.info();
            out.printf("examples: %,d; split (seed %d): train %,d, validation %,d, test %,d%n", items.size(), info.seed(),
                    info.train(), info.validation(), info.test());
            Map<String, Long> labels = items.stream().map(label).filter(l -> l != null)
                    .collect(Collectors.groupingBy(l -> l, TreeMap::new, Collectors.counting()));
            if (!labels.isEmpty()) {
                out.println("labels:");
                labels.forEach((l, n) -> out.printf("  %-12s %,8d  %5.1f%%%n", l, n, 100.0 * n / items.size()));
            }
            out.println("length in words:");
            histogram(out, items.stream().map(length).toList());
            out.println("samples:");
            split.train().stream().limit(3).forEach(t -> out.println("  " + abbreviate(show.apply(t))));
        }
    }

    static void histogram(PrintStream out, List<Integer> lengths) {
        TreeMap<Integer, Long> buckets = new TreeMap<>();
        for (int n : lengths) {
            buckets.merge(n <= 0 ? 0 : 32 - Integer.numberOfLeadingZeros(n), 1L, Long::sum);
        }
        long max = buckets.values().stream().mapToLong(Long::longValue).max().orElse(1);
        buckets.forEach((b, n) -> {
            String range = b == 0 ? "0" : (1 << (b - 1)) + "-" + ((1 << b) - 1);
            out.printf("  %-11s %,8d  %s%n", range, n, "#".repeat((int) Math.max(1, 40 * n / max)));
        });
    }

    static int words(String text) {
        String t = text.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }

    static String abbreviate(String s) {
        String flat = s.replaceAll("\\s+", " ");
        return flat.length() > 160 ? flat.substring(0, 157) + "..." : flat;
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format("%.0f kB", bytes / 1024.0);
        }
        return String.format("%.1f MB", bytes / (1024.0 * 1024));
    }
}
