package org.seqlab.sentiment;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.seqlab.common.app.Provenance;
import org.seqlab.common.app.Run;
import org.seqlab.common.app.RunPlan;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.cli.DataOptions;
import org.seqlab.common.cli.NetworkOptions;
import org.seqlab.common.cli.TrainOptions;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.report.Report;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.rnn.Pooling;
import org.seqlab.common.text.Stemming;
import org.seqlab.common.text.TextPipeline;
import org.seqlab.common.text.TokenizerKind;
import org.seqlab.common.train.TrainSettings;
import org.seqlab.datasets.Datasets;
import org.seqlab.datasets.LabeledText;
import org.seqlab.datasets.Split;
import org.seqlab.datasets.SplitOptions;
import org.seqlab.datasets.SplitPlan;
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
    SplitOptions split = new SplitOptions(SplitPlan.Method.STRATIFIED);

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
        ModelBundle.checkTarget(training.model);
        Report.checkTarget(training.out);
        Instant started = Instant.now();
        TrainSettings trainSettings = training.settings();
        SplitPlan splitPlan = split.plan(TRAIN_FRACTION, VALIDATION_FRACTION, training.seed);
        RunPlan runs = RunPlan.of(training.seeds, split.folds, training.seed, training.model);
        List<LabeledText> all = splitPlan.usesFiles() ? null : Datasets.labeledTexts(data.data, data.format);
        if (all != null && all.isEmpty()) {
            throw new BadInputException("no labelled texts in " + data.data);
        }
        List<Split<LabeledText>> splits = splitPlan.apply(all, LabeledText.SPLIT_KEYS,
                file -> Datasets.labeledTexts(file.toString(), data.format));
        List<String> labels = new ArrayList<>(new TreeSet<>(splits.get(0).train().stream().map(LabeledText::label).toList()));
        if (labels.size() < 2) {
            throw new BadInputException("the training data has only one label " + labels + "; a classifier needs two or more");
        }
        EmbeddingSource embeddings = SentimentEmbeddings.source(network.embeddings);
        SentimentSettings settings = settings(embeddings.dim(network.embeddingDim));
        RunPlan allRuns = runs.withExtraRuns(compareEmbeddings.stream().map(e -> "--embeddings " + e).toList(),
                training.model);
        List<SentimentExperiment.Outcome> outcomes = runs.execute(run -> SentimentExperiment.run(
                data(splits.get(split.folds > 0 ? run.index() : 0), run, runs), labels, settings,
                trainSettings.withSeed(run.seed()), allRuns.runs().get(run.index()).checkpoints(), training.resume,
                training.scaleOut(), training.budgetSeconds(), embeddings));
        List<SentimentReport.Comparison> comparisons = new ArrayList<>();
        comparisons.add(new SentimentReport.Comparison(network.embeddings, outcomes.get(0)));
        for (int i = 0; i < compareEmbeddings.size(); i++) {
            String spec = compareEmbeddings.get(i);
            Run run = allRuns.runs().get(runs.runs().size() + i);
            System.err.printf("comparison %d/%d: --embeddings %s%n", i + 1, compareEmbeddings.size(), spec);
            EmbeddingSource other = SentimentEmbeddings.source(spec);
            SentimentSettings otherSettings = withEmbeddings(settings, spec, other.dim(network.embeddingDim),
                    freezeEmbeddings && !"random".equals(spec));
            comparisons.add(new SentimentReport.Comparison(spec, SentimentExperiment.run(
                    data(splits.get(0), runs.runs().get(0), runs), labels, otherSettings, trainSettings,
                    run.checkpoints(), training.resume, training.scaleOut(), training.budgetSeconds(), other)));
        }
        // the bundle keeps the run that did best on its validation data, never choosing by test accuracy
        SentimentExperiment.Outcome chosen = RunPlan.chooseByValidation(outcomes,
                o -> o.validation().metrics().accuracy(), true);
        Provenance provenance = Provenance.of(splitPlan.usesFiles() ? String.valueOf(split.trainFile) : data.data,
                Datasets.fingerprint(splitPlan.usesFiles() ? split.trainFile + "," + split.testFile : data.data),
                chosen.split(), settings, trainSettings.withSeed(runs.runs().get(outcomes.indexOf(chosen)).seed()),
                runs.runs().stream().map(Run::seed).toList(), chosen.name(), chosen.training().bestEpoch(), started,
                Map.of("labels", labels));
        ModelBundle.Writer bundle = ModelBundle.writer(SentimentClassifier.TASK).data(provenance.data())
                .hyperParameters(org.seqlab.common.io.Json.MAPPER.convertValue(settings, Map.class))
                .metrics(SentimentReport.bundleMetrics(outcomes, chosen)).provenance(provenance);
        chosen.model().addTo(bundle);
        bundle.write(training.model);
        Path report = SentimentReport.training(training.out, provenance.data(), outcomes, chosen, comparisons,
                provenance, java.time.Duration.between(started, Instant.now()).toMillis() / 1000.0);
        allRuns.discardCheckpoints();
        System.err.printf("sentiment: test accuracy %s (%s); model in %s, report %s%n", SentimentReport.headline(outcomes),
                runs.repeated() ? "mean ± std over " + outcomes.size() + " runs" : chosen.name(), training.model, report);
        return 0;
    }

    /** One run's data, named for logs and reports. */
    private static SentimentExperiment.Data data(Split<LabeledText> s, Run run, RunPlan runs) {
        String name = runs.repeated() ? s.info().method() + ", " + run.name() : s.info().method();
        if (s.info().method().startsWith("k-fold")) {
            name = run.name();
        }
        return new SentimentExperiment.Data(s.train(), s.validation(), s.test(), s.info(), name);
    }

    private void validate() {
        network.validate();
        training.validate();
        if (training.tbptt > 0) {
            throw new BadInputException("--tbptt needs a label at every step; sentiment predicts one label per text");
        }
        if (pretrainedWords < 0) {
            throw new BadInputException("--pretrained-words must not be negative, got " + pretrainedWords);
        }
        if (maxLength < 1 || minCount < 1 || maxVocabulary < 0) {
            throw new BadInputException("--max-length and --min-count must be positive, --max-vocabulary not negative");
        }
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
}
