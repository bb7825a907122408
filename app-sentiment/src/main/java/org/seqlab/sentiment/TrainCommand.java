package org.seqlab.sentiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.cli.DataOptions;
import org.seqlab.common.cli.NetworkOptions;
import org.seqlab.common.cli.TrainOptions;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.rnn.Pooling;
import org.seqlab.common.text.Stemming;
import org.seqlab.common.text.TextPipeline;
import org.seqlab.common.text.TokenizerKind;
import org.seqlab.common.train.Trainer;
import org.seqlab.datasets.Datasets;
import org.seqlab.datasets.LabeledText;
import org.seqlab.datasets.Split;
import org.seqlab.common.app.SplitInfo;
import org.seqlab.datasets.Splits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seqlab sentiment train}: trains the classifier and the baselines, writes a bundle and a report. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a many-to-one recurrent text classifier, compare it with classic baselines on the same "
                + "split, and write a model bundle and a report.",
                "Default split: stratified 80/10/10 of --data. The defaults were chosen by experiment on uci-sentences "
                        + "(see the README)."})
public final class TrainCommand implements Callable<Integer> {
    static final double TRAIN_FRACTION = 0.8;
    static final double VALIDATION_FRACTION = 0.1;

    @Mixin
    DataOptions data = defaultData();

    @Mixin
    NetworkOptions network = defaultNetwork();

    @Mixin
    TrainOptions training = defaultTraining();

    @Option(names = "--pooling", paramLabel = "last|mean|max",
            description = "How the recurrent outputs become one vector: last step, masked mean or masked max. "
                    + "Default: ${DEFAULT-VALUE}.")
    Pooling pooling = Pooling.MAX;

    @Option(names = "--freeze-embeddings", negatable = true, fallbackValue = "true",
            description = "Keep the embeddings fixed (--no-freeze-embeddings fine-tunes them; random embeddings "
                    + "are always trained). Default: ${DEFAULT-VALUE}.")
    boolean freezeEmbeddings = true;

    @Option(names = "--tokenizer", paramLabel = "opennlp|simple",
            description = "Word tokenizer: OpenNLP's English model or a whitespace/punctuation splitter. "
                    + "Default: ${DEFAULT-VALUE}.")
    TokenizerKind tokenizer = TokenizerKind.OPENNLP;

    @Option(names = "--stem", paramLabel = "none|porter|snowball",
            description = "Stem tokens before the vocabulary. Default: ${DEFAULT-VALUE}.")
    Stemming stemming = Stemming.NONE;

    @Option(names = "--stopwords", negatable = true, fallbackValue = "true",
            description = "Drop English stopwords (negations such as 'not' matter for sentiment: off by default). "
                    + "Default: ${DEFAULT-VALUE}.")
    boolean stopwords = false;

    @Option(names = "--max-length", paramLabel = "N",
            description = "Tokens kept per text; longer texts are cut. Default: ${DEFAULT-VALUE}.")
    int maxLength = 200;

    @Option(names = "--min-count", paramLabel = "N",
            description = "Words seen fewer times in training become <unk>. Default: ${DEFAULT-VALUE}.")
    int minCount = 1;

    @Option(names = "--max-vocabulary", paramLabel = "N",
            description = "Keep at most N words, the most frequent (0 = all). Default: ${DEFAULT-VALUE}.")
    int maxVocabulary = 30_000;

    @Option(names = "--pretrained-words", paramLabel = "N",
            description = "With pretrained embeddings, also give the model the first N words of the vector file "
                    + "(the most frequent), so that words never seen in training keep their vectors instead of "
                    + "becoming <unk> (0 = training words only). Default: ${DEFAULT-VALUE}.")
    int pretrainedWords = 50_000;

    @Option(names = "--seeds", paramLabel = "N",
            description = "Train N times with seeds seed..seed+N-1 on the same split and report mean ± std. "
                    + "Default: ${DEFAULT-VALUE}.")
    int seeds = 1;

    @Option(names = "--cv", paramLabel = "K",
            description = "K-fold stratified cross-validation instead of one split (0 = off); reports mean ± std. "
                    + "Default: ${DEFAULT-VALUE}.")
    int folds = 0;

    @Option(names = "--train-sources", paramLabel = "A,B", split = ",",
            description = "Cross-domain mode: train (and validate) only on texts from these sources, e.g. amazon,imdb.")
    List<String> trainSources = List.of();

    @Option(names = "--test-sources", paramLabel = "C", split = ",",
            description = "Cross-domain mode: test only on texts from these sources, e.g. yelp.")
    List<String> testSources = List.of();

    @Option(names = "--compare-embeddings", paramLabel = "random|word2vec|glove-100d|PATH", split = ",",
            description = "Also train the same model on the same split from these embedding initialisations "
                    + "(first seed only) and compare them with --embeddings in the report, e.g. random.")
    List<String> compareEmbeddings = List.of();

    static DataOptions defaultData() {
        DataOptions d = new DataOptions();
        d.data = "uci-sentences";
        return d;
    }

    static NetworkOptions defaultNetwork() {
        NetworkOptions n = new NetworkOptions();
        n.cell = CellType.LSTM;
        n.hidden = 128;
        n.layers = 1;
        n.bidirectional = true;
        // with one layer: dropout between the pooled sentence vector and the classifier (README: experiments)
        n.dropout = 0.3;
        n.embeddings = SentimentEmbeddings.GLOVE;
        n.embeddingDim = 100;
        return n;
    }

    static TrainOptions defaultTraining() {
        TrainOptions t = new TrainOptions();
        t.epochs = 8;
        t.patience = 2;
        t.learningRate = 3e-3;
        t.batch = 32;
        t.model = Path.of("models", "sentiment");
        t.out = Path.of("reports", "sentiment");
        return t;
    }

    @Override
    public Integer call() throws Exception {
        validate();
        long start = System.nanoTime();
        List<LabeledText> all = Datasets.labeledTexts(data.data, data.format);
        if (all.isEmpty()) {
            throw new BadInputException("no labelled texts in " + data.data);
        }
        List<SentimentExperiment.Data> splits = splits(all);
        List<String> labels = new ArrayList<>(new TreeSet<>(splits.get(0).train().stream().map(LabeledText::label).toList()));
        if (labels.size() < 2) {
            throw new BadInputException("the training data has only one label " + labels + "; a classifier needs two or more");
        }
        EmbeddingSource embeddings = SentimentEmbeddings.source(network.embeddings);
        SentimentSettings settings = settings(embeddings.dim(network.embeddingDim));
        List<SentimentExperiment.Outcome> outcomes = new ArrayList<>();
        int runs = folds > 0 ? splits.size() : seeds;
        for (int run = 0; run < runs; run++) {
            SentimentExperiment.Data d = folds > 0 ? splits.get(run) : splits.get(0);
            TrainOptions t = training.copy();
            t.seed = training.seed + (folds > 0 ? 0 : run);
            String name = folds > 0 ? d.name() : runs > 1 ? d.name() + ", seed " + t.seed : d.name();
            if (runs > 1) {
                System.err.printf("run %d/%d: %s%n", run + 1, runs, name);
            }
            Path checkpoints = checkpointDir(run, runs);
            SentimentExperiment.Outcome outcome = SentimentExperiment.run(
                    new SentimentExperiment.Data(d.train(), d.validation(), d.test(), d.split(), name), labels,
                    settings, t, checkpoints, embeddings);
            outcomes.add(outcome);
        }
        List<SentimentReport.Comparison> comparisons = new ArrayList<>();
        comparisons.add(new SentimentReport.Comparison(network.embeddings, outcomes.get(0)));
        for (int i = 0; i < compareEmbeddings.size(); i++) {
            String spec = compareEmbeddings.get(i);
            System.err.printf("comparison %d/%d: --embeddings %s%n", i + 1, compareEmbeddings.size(), spec);
            EmbeddingSource other = SentimentEmbeddings.source(spec);
            SentimentSettings otherSettings = withEmbeddings(settings, spec, other.dim(network.embeddingDim),
                    freezeEmbeddings && !"random".equals(spec));
            SentimentExperiment.Data d = splits.get(0);
            Path checkpoints = checkpointDir(runs + i, runs + compareEmbeddings.size());
            comparisons.add(new SentimentReport.Comparison(spec, SentimentExperiment.run(d, labels, otherSettings,
                    training.copy(), checkpoints, other)));
        }
        // the bundle keeps the run that did best on its validation data, never choosing by test accuracy
        SentimentExperiment.Outcome chosen = outcomes.stream()
                .max(Comparator.comparingDouble(o -> o.validation().metrics().accuracy())).orElseThrow();
        Map<String, Object> hyper = hyperParameters(settings);
        Map<String, Object> metrics = new LinkedHashMap<>(chosen.test().metrics().flat());
        metrics.put("validation_accuracy", chosen.validation().metrics().accuracy());
        chosen.model().addTo(ModelBundle.writer(SentimentClassifier.TASK).data(data.data).hyperParameters(hyper)
                .metrics(metrics).provenance(Map.of("split", chosen.split(), "run", chosen.name(),
                        "train_sources", trainSources, "test_sources", testSources, "best_epoch",
                        chosen.training().bestEpoch()))).write(training.model);
        Path report = SentimentReport.training(training.out, data.data, outcomes, chosen, comparisons, hyper,
                (System.nanoTime() - start) / 1e9);
        int allRuns = runs + compareEmbeddings.size();
        for (int run = 0; run < allRuns; run++) {
            Trainer.discardCheckpoints(checkpointDir(run, allRuns));
        }
        Trainer.discardCheckpoints(checkpointDir(0, 1));
        System.err.printf("test accuracy %.4f, macro-F1 %.4f (%s); model: %s; report: %s%n",
                chosen.test().metrics().accuracy(), chosen.test().metrics().macroF1(), chosen.name(), training.model,
                report);
        return 0;
    }

    private Path checkpointDir(int run, int runs) {
        Path base = training.model.toAbsolutePath().resolveSibling(training.model.getFileName() + ".checkpoints");
        return runs > 1 ? base.resolve("run-" + (run + 1)) : base;
    }

    private void validate() {
        network.validate();
        training.validate();
        if (training.tbptt > 0) {
            throw new BadInputException("--tbptt needs a label at every step; sentiment predicts one label per text");
        }
        if (seeds < 1 || seeds > 100) {
            throw new BadInputException("--seeds must be between 1 and 100, got " + seeds);
        }
        if (folds == 1 || folds < 0 || folds > 50) {
            throw new BadInputException("--cv must be 0 (off) or between 2 and 50, got " + folds);
        }
        if (folds > 0 && seeds > 1) {
            throw new BadInputException("use either --cv or --seeds, not both");
        }
        if (pretrainedWords < 0) {
            throw new BadInputException("--pretrained-words must not be negative, got " + pretrainedWords);
        }
        if (maxLength < 1 || minCount < 1 || maxVocabulary < 0) {
            throw new BadInputException("--max-length and --min-count must be positive, --max-vocabulary not negative");
        }
        if (trainSources.isEmpty() != testSources.isEmpty()) {
            throw new BadInputException("cross-domain mode needs both --train-sources and --test-sources");
        }
        if (!trainSources.isEmpty() && folds > 0) {
            throw new BadInputException("--cv does not combine with --train-sources/--test-sources");
        }
    }

    List<SentimentExperiment.Data> splits(List<LabeledText> all) {
        if (!trainSources.isEmpty()) {
            Set<String> known = new LinkedHashSet<>(all.stream().map(LabeledText::source).toList());
            for (String s : concat(trainSources, testSources)) {
                if (!known.contains(s)) {
                    throw new BadInputException("no texts from source '" + s + "'; the sources are " + known);
                }
            }
            List<LabeledText> source = all.stream().filter(e -> trainSources.contains(e.source())).toList();
            List<LabeledText> target = all.stream().filter(e -> testSources.contains(e.source())).toList();
            Split<LabeledText> s = Splits.stratified(source, LabeledText::label, 0.9, 0.1, training.seed);
            return List.of(new SentimentExperiment.Data(s.train(), s.validation(), target, s.info(),
                    String.join("+", trainSources) + " → " + String.join("+", testSources)));
        }
        if (folds > 0) {
            List<SentimentExperiment.Data> out = new ArrayList<>();
            List<Split<LabeledText>> kFold = Splits.kFold(all, LabeledText::label, folds, training.seed);
            for (int i = 0; i < kFold.size(); i++) {
                Split<LabeledText> fold = kFold.get(i);
                // early stopping and model selection need a validation set: a stratified ninth of the fold's
                // training part; the held-out fold stays the test set
                Split<LabeledText> inner = Splits.stratified(fold.train(), LabeledText::label, 8 / 9.0, 1 / 9.0,
                        training.seed + i);
                List<LabeledText> train = concat(inner.train(), inner.test());
                SplitInfo info = new SplitInfo(fold.info().method() + ", validation a ninth of its training part",
                        training.seed, train.size() / (double) all.size(), inner.validation().size() / (double) all.size(),
                        fold.test().size() / (double) all.size(), train.size(), inner.validation().size(), fold.test().size());
                out.add(new SentimentExperiment.Data(train, inner.validation(), fold.test(), info,
                        "fold " + (i + 1) + "/" + folds));
            }
            return out;
        }
        Split<LabeledText> s = Splits.stratified(all, LabeledText::label, TRAIN_FRACTION, VALIDATION_FRACTION, training.seed);
        if (s.validation().isEmpty() || s.test().isEmpty()) {
            throw new BadInputException(data.data + " has too few texts (" + all.size() + ") for a train/validation/test split");
        }
        return List.of(new SentimentExperiment.Data(s.train(), s.validation(), s.test(), s.info(), "stratified 80/10/10"));
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    SentimentSettings settings(int embeddingDim) {
        TextPipeline pipeline = new TextPipeline(tokenizer, true, true, stemming, stopwords, 0);
        return new SentimentSettings(pipeline, minCount, maxVocabulary, maxLength, network.cell, network.layers,
                network.hidden, network.bidirectional, network.dropout, pooling, network.embeddings,
                embeddingDim, freezeEmbeddings && !"random".equals(network.embeddings), pretrainedWords);
    }

    private static SentimentSettings withEmbeddings(SentimentSettings s, String embeddings, int dim, boolean freeze) {
        return new SentimentSettings(s.pipeline(), s.minCount(), s.maxVocabulary(), s.maxLength(), s.cell(), s.layers(),
                s.hidden(), s.bidirectional(), s.dropout(), s.pooling(), embeddings, dim, freeze, s.pretrainedWords());
    }

    Map<String, Object> hyperParameters(SentimentSettings s) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("cell", s.cell().cliName());
        h.put("layers", s.layers());
        h.put("hidden", s.hidden());
        h.put("bidirectional", s.bidirectional());
        h.put("dropout", s.dropout());
        h.put("pooling", s.pooling().name().toLowerCase());
        h.put("embeddings", s.embeddings());
        h.put("embedding_dim", s.embeddingDim());
        h.put("freeze_embeddings", s.freezeEmbeddings());
        h.put("tokenizer", s.pipeline().tokenizer().name().toLowerCase());
        h.put("stemming", s.pipeline().stemming().name().toLowerCase());
        h.put("stopwords", s.pipeline().stopwords());
        h.put("max_length", s.maxLength());
        h.put("min_count", s.minCount());
        h.put("max_vocabulary", s.maxVocabulary());
        h.put("pretrained_words", s.pretrainedWords());
        h.put("epochs", training.epochs);
        h.put("patience", training.patience);
        h.put("batch", training.batch);
        h.put("lr", training.learningRate);
        h.put("lr_decay", training.learningRateDecay);
        h.put("clip_norm", training.clipNorm);
        h.put("clip_value", training.clipValue);
        h.put("seed", training.seed);
        h.put("seeds", seeds);
        h.put("cv", folds);
        return h;
    }
}
