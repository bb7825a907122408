package org.seqlab.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.seqlab.common.cli.CommandGroup;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.cli.Cli;
import org.seqlab.common.progress.Progress;
import org.seqlab.common.embed.Neighbour;
import org.seqlab.common.embed.Word2VecSettings;
import org.seqlab.common.embed.Word2VecSettings.Architecture;
import org.seqlab.common.embed.Word2VecTrainer;
import org.seqlab.common.embed.WordVectors;
import org.seqlab.common.io.AtomicFiles;
import org.seqlab.common.io.Json;
import org.seqlab.common.text.NGrams;
import org.seqlab.common.text.Stemming;
import org.seqlab.common.text.TextPipeline;
import org.seqlab.common.text.TfIdf;
import org.seqlab.common.text.TfIdfIndex;
import org.seqlab.common.text.TokenizerKind;
import org.seqlab.datasets.Catalog;
import org.seqlab.datasets.Datasets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seqlab embed word2vec | nearest | analogy | tfidf-search}: word representations from the lecture. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = "Word representations: train Word2Vec, query word vectors (nearest words, analogies), "
                + "and rank documents by TF-IDF similarity.",
        subcommands = {EmbedCommand.Word2VecCommand.class, EmbedCommand.NearestCommand.class,
                EmbedCommand.AnalogyCommand.class, EmbedCommand.TfIdfSearchCommand.class})
public final class EmbedCommand extends CommandGroup {
    /** File name of the vectors inside a folder written by {@code embed word2vec}. */
    static final String VECTORS_FILE = "vectors.txt";

    public static void main(String[] args) {
        Cli.main(new EmbedCommand(), args);
    }

    /** How text becomes tokens, shared by the commands that read a corpus. */
    static final class PipelineOptions {
        @Option(names = "--tokenizer", paramLabel = "simple|opennlp|char",
                description = "Tokenizer: simple (rules), opennlp (pretrained English model) or char. Default: ${DEFAULT-VALUE}.")
        TokenizerKind tokenizer = TokenizerKind.SIMPLE;

        @Option(names = "--lowercase", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Lower-case tokens. Default: ${DEFAULT-VALUE}.")
        boolean lowercase = true;

        @Option(names = "--stem", paramLabel = "none|porter|snowball",
                description = "Stemmer applied to every token. Default: ${DEFAULT-VALUE}.")
        Stemming stem = Stemming.NONE;

        @Option(names = "--stopwords", negatable = true, fallbackValue = "true",
                description = "Drop English stopwords (negations are kept). Default: ${DEFAULT-VALUE}.")
        boolean stopwords = false;

        TextPipeline pipeline() {
            return new TextPipeline(tokenizer, lowercase, true, stem, stopwords, 0);
        }
    }

    /** The non-blank lines of a catalog text dataset or a UTF-8 file. */
    static List<String> lines(String data) {
        if (data == null || data.isBlank()) {
            throw new BadInputException("--data is required: a catalog dataset name (see 'seqlab data list') or a text file");
        }
        List<String> lines = new ArrayList<>();
        for (String line : Datasets.plainText(data).split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        if (lines.isEmpty()) {
            throw new BadInputException(data + ": no text");
        }
        return lines;
    }

    static List<List<String>> tokenise(List<String> lines, TextPipeline pipeline) {
        List<List<String>> out = new ArrayList<>(lines.size());
        try (Progress progress = Progress.start("tokenise", lines.size(), "line")) {
            for (String line : lines) {
                out.add(pipeline.apply(line));
                progress.step(1);
            }
        }
        return out;
    }

    /** Vectors from a catalog name, a folder written by {@code embed word2vec}, or a text file. */
    static WordVectors loadVectors(String source, int maxWords) throws IOException {
        Path file;
        if (Catalog.find(source).isPresent()) {
            file = Datasets.fetch(source).resolve(Catalog.get(source).mainFile());
        } else {
            Path path = Path.of(source);
            file = Files.isDirectory(path) ? path.resolve(VECTORS_FILE) : path;
        }
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        return WordVectors.readText(file, maxWords);
    }

    /** The word as given, or its lower-case form when only that is known (GloVe is lower case). */
    static String lookup(WordVectors vectors, String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        return !vectors.contains(word) && vectors.contains(lower) ? lower : word;
    }

    /** Command-line items, or standard input one a line when none are given. */
    static List<String> itemsOrStdin(List<String> items) throws IOException {
        if (items != null && !items.isEmpty()) {
            return items;
        }
        List<String> out = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (!line.isBlank()) {
                out.add(line.strip());
            }
        }
        return out;
    }

    // JSON-lines output as records: their fields keep this order, where maps would be sorted by key
    record NearestLine(String word, List<Neighbour> neighbours) {
    }

    record AnalogyLine(String a, String b, String c, List<Neighbour> answers) {
    }

    record SearchHit(String query, int rank, int line, double score, String text) {
    }

    record Word2VecInfo(String data, int sentences, int words, int dim, double seconds, Word2VecSettings settings,
                        TextPipeline pipeline) {
    }

    record Word2VecSummary(String out, int sentences, int words, int dim, double seconds) {
    }

    static List<Neighbour> rounded(List<Neighbour> neighbours) {
        return neighbours.stream().map(n -> new Neighbour(n.word(), round(n.score()))).toList();
    }

    static double round(double score) {
        return Math.round(score * 1e6) / 1e6;
    }

    static final class VectorsOption {
        @Option(names = "--vectors", paramLabel = "glove-100d|DIR|FILE", required = true,
                description = "Word vectors: a catalog name (glove-100d), a folder written by 'seqlab embed word2vec', "
                        + "or a GloVe/word2vec text file.")
        String vectors;

        @Option(names = "--max-words", paramLabel = "N",
                description = "Load only the first N vectors (files list frequent words first; 0 = all). Default: ${DEFAULT-VALUE}.")
        int maxWords = 0;

        @Option(names = {"-k", "--top"}, paramLabel = "K", description = "How many words to list. Default: ${DEFAULT-VALUE}.")
        int k = 10;

        WordVectors load() throws IOException {
            if (maxWords < 0) {
                throw new BadInputException("--max-words must not be negative, got " + maxWords);
            }
            if (k < 1) {
                throw new BadInputException("--top must be at least 1, got " + k);
            }
            return loadVectors(vectors, maxWords);
        }
    }

    @Command(name = "word2vec", mixinStandardHelpOptions = true,
            description = "Train Word2Vec (CBOW or skip-gram) on a corpus, one sentence a line; writes DIR/vectors.txt "
                    + "(word2vec text format) and DIR/word2vec.json.")
    static final class Word2VecCommand implements Callable<Integer> {
        @Option(names = "--data", paramLabel = "NAME|PATH", required = true,
                description = "Corpus: a catalog text dataset (raw-sentences, moby-dick, ...) or a UTF-8 text file.")
        String data;

        @Option(names = "--arch", paramLabel = "cbow|skipgram",
                description = "CBOW predicts a word from its context; skip-gram predicts the context from the word. "
                        + "Default: ${DEFAULT-VALUE}.")
        Architecture arch = Architecture.CBOW;

        @Option(names = "--dim", paramLabel = "N", description = "Vector size. Default: ${DEFAULT-VALUE}.")
        int dim = 100;

        @Option(names = "--window", paramLabel = "N", description = "Context words on each side. Default: ${DEFAULT-VALUE}.")
        int window = 5;

        @Option(names = "--min-count", paramLabel = "N", description = "Ignore words seen fewer times. Default: ${DEFAULT-VALUE}.")
        int minCount = 5;

        @Option(names = "--epochs", paramLabel = "N", description = "Passes over the corpus. Default: ${DEFAULT-VALUE}.")
        int epochs = 1;

        @Option(names = "--negative", paramLabel = "N",
                description = "Negative samples per word (0 = no negative sampling). CBOW without --hs trains sentence "
                        + "by sentence, several times slower. Default: ${DEFAULT-VALUE}.")
        int negative = 0;

        @Option(names = "--hs", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Hierarchical softmax. Default: ${DEFAULT-VALUE}.")
        boolean hs = true;

        @Option(names = "--lr", paramLabel = "RATE", description = "Initial learning rate. Default: ${DEFAULT-VALUE}.")
        double learningRate = 0.025;

        @Option(names = "--sampling", paramLabel = "T",
                description = "Down-sample words more frequent than T (0 = off). Default: ${DEFAULT-VALUE}.")
        double sampling = 1e-3;

        @Option(names = "--seed", paramLabel = "N", description = "Random seed. Default: ${DEFAULT-VALUE}.")
        long seed = 42;

        @Option(names = "--workers", paramLabel = "N",
                description = "Training threads; 1 makes the vectors reproducible. Default: ${DEFAULT-VALUE}.")
        int workers = 1;

        @Option(names = "--limit", paramLabel = "N",
                description = "Use only the first N sentences (0 = all). Default: ${DEFAULT-VALUE}.")
        int limit = 0;

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder to write the vectors to.")
        Path out;

        @Mixin
        PipelineOptions text = new PipelineOptions();

        @Override
        public Integer call() throws IOException {
            Word2VecSettings settings = new Word2VecSettings(arch, dim, window, minCount, epochs, negative, hs,
                    learningRate, sampling, seed, workers);
            if (limit < 0) {
                throw new BadInputException("--limit must not be negative, got " + limit);
            }
            List<String> lines = lines(data);
            if (limit > 0 && lines.size() > limit) {
                lines = lines.subList(0, limit);
            }
            TextPipeline pipeline = text.pipeline();
            List<List<String>> sentences = tokenise(lines, pipeline);
            long start = System.nanoTime();
            WordVectors vectors = Word2VecTrainer.train(sentences, settings);
            double seconds = (System.nanoTime() - start) / 1e9;

            double rounded = Math.round(seconds * 100) / 100.0;
            Word2VecInfo info = new Word2VecInfo(data, sentences.size(), vectors.size(), vectors.dim(), rounded,
                    settings, pipeline);
            AtomicFiles.writeDirectory(out, dir -> {
                vectors.writeText(dir.resolve(VECTORS_FILE), true);
                Json.writeFile(dir.resolve("word2vec.json"), info);
            });
            System.out.println(Json.line(new Word2VecSummary(out.toAbsolutePath().toString(), sentences.size(),
                    vectors.size(), vectors.dim(), rounded)));
            return 0;
        }
    }

    @Command(name = "nearest", mixinStandardHelpOptions = true,
            description = "The words closest to each WORD by cosine similarity; one JSON object a line.")
    static final class NearestCommand implements Callable<Integer> {
        @Parameters(paramLabel = "WORD", arity = "0..*",
                description = "Words to look up; read from standard input, one a line, when none are given.")
        List<String> words;

        @Mixin
        VectorsOption vectors = new VectorsOption();

        @Override
        public Integer call() throws IOException {
            WordVectors v = vectors.load();
            PrintStream out = System.out;
            for (String word : itemsOrStdin(words)) {
                String key = lookup(v, word);
                out.println(Json.line(new NearestLine(key, rounded(v.nearest(key, vectors.k)))));
            }
            return 0;
        }
    }

    @Command(name = "analogy", mixinStandardHelpOptions = true,
            description = "A is to B as C is to ?: the words closest to B - A + C (A, B and C excluded); one JSON line.")
    static final class AnalogyCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "A", description = "The first word of the known pair (e.g. man).")
        String a;

        @Parameters(index = "1", paramLabel = "B", description = "The second word of the known pair (e.g. king).")
        String b;

        @Parameters(index = "2", paramLabel = "C", description = "The word to complete the analogy for (e.g. woman).")
        String c;

        @Mixin
        VectorsOption vectors = new VectorsOption();

        @Override
        public Integer call() throws IOException {
            WordVectors v = vectors.load();
            String ka = lookup(v, a);
            String kb = lookup(v, b);
            String kc = lookup(v, c);
            System.out.println(Json.line(new AnalogyLine(ka, kb, kc, rounded(v.analogy(ka, kb, kc, vectors.k)))));
            return 0;
        }
    }

    @Command(name = "tfidf-search", mixinStandardHelpOptions = true,
            description = "Rank the documents of a corpus (one a line) by TF-IDF cosine similarity to each QUERY; "
                    + "one JSON object per hit.")
    static final class TfIdfSearchCommand implements Callable<Integer> {
        @Option(names = "--data", paramLabel = "NAME|PATH", required = true,
                description = "Documents: a catalog dataset (texts one a line) or a UTF-8 file with one document a line.")
        String data;

        @Parameters(paramLabel = "QUERY", arity = "0..*",
                description = "Queries; read from standard input, one a line, when none are given.")
        List<String> queries;

        @Option(names = {"-k", "--top"}, paramLabel = "K", description = "Documents to return per query. Default: ${DEFAULT-VALUE}.")
        int k = 10;

        @Option(names = "--ngrams", paramLabel = "N",
                description = "Use n-grams for n = 1..N as terms (1 = bag of words). Default: ${DEFAULT-VALUE}.")
        int ngrams = 1;

        @Option(names = "--tf", paramLabel = "raw|normalised",
                description = "Term frequency: raw counts or counts / document length. Default: ${DEFAULT-VALUE}.")
        TfIdf.Tf tf = TfIdf.Tf.RAW;

        @Mixin
        PipelineOptions text = new PipelineOptions();

        @Override
        public Integer call() throws IOException {
            if (k < 1) {
                throw new BadInputException("--top must be at least 1, got " + k);
            }
            if (ngrams < 1 || ngrams > 5) {
                throw new BadInputException("--ngrams must be between 1 and 5, got " + ngrams);
            }
            List<String> docs = lines(data);
            TextPipeline pipeline = text.pipeline();
            List<List<String>> terms = new ArrayList<>(docs.size());
            for (List<String> tokens : tokenise(docs, pipeline)) {
                terms.add(NGrams.of(tokens, 1, ngrams));
            }
            TfIdfIndex index = TfIdfIndex.build(terms, tf);
            PrintStream out = System.out;
            for (String query : itemsOrStdin(queries)) {
                List<TfIdfIndex.Hit> hits = index.search(NGrams.of(pipeline.apply(query), 1, ngrams), k);
                for (int r = 0; r < hits.size(); r++) {
                    TfIdfIndex.Hit hit = hits.get(r);
                    out.println(Json.line(new SearchHit(query, r + 1, hit.document() + 1, round(hit.score()),
                            docs.get(hit.document()))));
                }
            }
            return 0;
        }
    }
}
