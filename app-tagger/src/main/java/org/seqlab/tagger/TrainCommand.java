package org.seqlab.tagger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.seqlab.common.app.OneBlasThread;
import org.seqlab.common.app.Provenance;
import org.seqlab.common.app.Run;
import org.seqlab.common.app.RunPlan;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.cli.DataOptions;
import org.seqlab.common.cli.NetworkOptions;
import org.seqlab.common.cli.TrainOptions;
import org.seqlab.common.embed.EmbeddingInitializer;
import org.seqlab.common.embed.WordVectors;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.Json;
import org.seqlab.common.metrics.SequenceLabellingMetrics;
import org.seqlab.common.report.Report;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.text.TokenizerKind;
import org.seqlab.common.train.ShuffledBatches;
import org.seqlab.common.train.TrainSettings;
import org.seqlab.common.train.Trainables;
import org.seqlab.common.train.Trainer;
import org.seqlab.common.train.TrainerConfig;
import org.seqlab.common.train.TrainingResult;
import org.seqlab.common.train.Validator;
import org.seqlab.datasets.SplitOptions;
import org.seqlab.datasets.SplitPlan;
import org.seqlab.datasets.TaggedSentence;
import org.seqlab.tagger.baseline.MostFrequentTag;
import org.seqlab.tagger.baseline.OpenNlpPosTagger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code seqlab tagger train}: trains a tagger, writes its bundle and a report that compares it with baselines. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a bidirectional recurrent tagger (word embedding + character CNN or BiLSTM + case feature "
                + "-> BiLSTM/GRU -> CRF or softmax per token) and write a model bundle and a report.",
                "Data: --data brown-pos (the Brown corpus, universal tags), a CoNLL-U file, a file of word/tag "
                        + "sentences, a 'word tag' column file (CoNLL-2003, BIO tags), or a folder with the data's own "
                        + "train/dev/test files, which are its own split unless --split says otherwise. A single file "
                        + "is split at random into train/validation/test sentences.",
                "The report compares the model on the same test sentences with the most-frequent-tag baseline, "
                        + "OpenNLP's pretrained English POS model (universal tags only) and the same network read "
                        + "left to right."})
public final class TrainCommand implements Callable<Integer> {
    enum Tagset {
        UNIVERSAL, BROWN;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    enum Column {
        UPOS, XPOS;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--tagset", paramLabel = "universal|brown",
            description = "Tags of Brown data: the 12 universal tags or Brown's own (hundreds). Default: ${DEFAULT-VALUE}.")
    Tagset tagset = Tagset.UNIVERSAL;

    @Option(names = "--column", paramLabel = "upos|xpos",
            description = "Tag column of CoNLL-U data: UPOS (universal) or XPOS (the treebank's own). Default: ${DEFAULT-VALUE}.")
    Column column = Column.UPOS;

    @Option(names = "--limit", paramLabel = "N",
            description = "Train on a random sample of N training sentences (validation and test keep N/8 each; 0 = all), "
                    + "for quick runs. Default: ${DEFAULT-VALUE}.")
    int limit = 0;

    /** Random split of one corpus into 80/10/10 sentences; a folder of train/dev/test files is its own split. */
    @Mixin
    SplitOptions split = new SplitOptions(SplitPlan.Method.RANDOM);

    @Spec
    CommandSpec spec;

    static final double TRAIN_FRACTION = 0.8;
    static final double VALIDATION_FRACTION = 0.1;

    @Mixin
    NetworkOptions network = defaultNetwork();

    @Option(names = "--char-encoder", paramLabel = "cnn|bilstm",
            description = "How a word's characters become its character vector: cnn = the maximum over a 1-d "
                    + "convolution of width 3 (the spellings of suffixes and prefixes), bilstm = a bidirectional LSTM "
                    + "over the word, its forward output at the last character and its backward output at the first "
                    + "(Lample et al.). Default: ${DEFAULT-VALUE}.")
    TaggerSettings.CharEncoder charEncoder = TaggerSettings.CharEncoder.CNN;

    @Option(names = "--char-dim", paramLabel = "N",
            description = "Character embedding size (0 = no character representation). Default: ${DEFAULT-VALUE}.")
    int charDim = 25;

    @Option(names = "--char-filters", paramLabel = "N",
            description = "The size of each word's character vector: the CNN's filters, or the BiLSTM's two directions "
                    + "together (N/2 each). Default: ${DEFAULT-VALUE}.")
    int charFilters = 50;

    @Option(names = "--max-word-chars", paramLabel = "N",
            description = "Characters of a word the character encoder reads; a longer word gives its first and last N/2. Default: ${DEFAULT-VALUE}.")
    int maxWordChars = 16;

    @Option(names = "--case", negatable = true, fallbackValue = "true",
            description = "Give each word's shape (lower, Title, UPPER, digits, other) as an input. Default: ${DEFAULT-VALUE}.")
    boolean caseFeature = true;

    @Option(names = "--crf", negatable = true, fallbackValue = "true",
            description = "A CRF output layer: scores every pair of consecutive tags and trains on the likelihood of "
                    + "whole tag sequences; each token's tag and probability are then its marginal under the CRF "
                    + "(--no-crf: a softmax per token). Default: ${DEFAULT-VALUE}.")
    boolean crf = true;

    @Option(names = "--hyphen-backoff", negatable = true, fallbackValue = "true",
            description = "A hyphenated word with no pretrained vector (and unseen in training) takes the vector of "
                    + "its last part: 24-hour-day reads as day, old-style as style. Default: ${DEFAULT-VALUE}.")
    boolean hyphenBackoff = true;

    @Option(names = "--min-count", paramLabel = "N",
            description = "Training words seen fewer times read as the unknown word (whose vector is thus trained). "
                    + "Default: ${DEFAULT-VALUE}.")
    int minCount = 2;

    @Option(names = "--pretrained-words", paramLabel = "N",
            description = "With pretrained embeddings, the vector file's first N words (0 = all) keep their vectors, "
                    + "frozen, when training never saw them (or saw them fewer than --min-count times). "
                    + "Default: ${DEFAULT-VALUE}.")
    int pretrainedWords = 0;

    @Option(names = "--word-dropout", paramLabel = "P",
            description = "In training, each word reads the unknown word with probability P (keeping its pretrained "
                    + "vector and characters), so the tagger learns what a word unseen in training looks like on words "
                    + "it knows. Default: ${DEFAULT-VALUE}.")
    double wordDropout = 0.05;

    @Option(names = "--average-decay", paramLabel = "X",
            description = "Validate, keep and save an exponential moving average of the parameters over the training "
                    + "steps, each step's parameters entering it with share X (OpenNMT-py's -average_decay; 0 = off: "
                    + "the network's own parameters). Training itself goes on from the network's own. "
                    + "Default: ${DEFAULT-VALUE}.")
    double averageDecay = 0;

    @Option(names = "--tokenizer", paramLabel = "simple|opennlp",
            description = "How 'seqlab tagger tag' splits a sentence into tokens. Default: ${DEFAULT-VALUE}.")
    TokenizerKind tokenizer = TokenizerKind.SIMPLE;

    @Option(names = "--compare", negatable = true, fallbackValue = "true",
            description = "Also train the left-to-right network and run OpenNLP's tagger for the report. Default: ${DEFAULT-VALUE}.")
    boolean compare = true;

    @Option(names = "--parallel-compare", negatable = true, fallbackValue = "true",
            description = "Train the left-to-right comparison on a thread of its own beside the main network (each then "
                    + "needs about one core); --no-parallel-compare trains them one after the other. "
                    + "Never with --spark. Default: when the JVM may use two cores or more.")
    Boolean parallelCompare;

    @Mixin
    TrainOptions train = defaultTraining();

    /** Learning-rate decay: with a constant rate the validation loss rose from epoch 5 on (docs/tagger.md). */
    static TrainOptions defaultTraining() {
        TrainOptions t = new TrainOptions();
        t.learningRateDecay = 0.85;
        t.model = Path.of("models", "tagger");
        t.out = Path.of("reports", "tagger");
        return t;
    }

    static NetworkOptions defaultNetwork() {
        NetworkOptions n = new NetworkOptions();
        n.cell = CellType.LSTM;
        n.hidden = 128;
        n.layers = 1;
        n.bidirectional = true;
        n.dropout = 0.4;
        n.embeddings = TaggerEmbeddings.GLOVE;
        n.embeddingDim = 100;
        return n;
    }

    /** Sentences tagged at once when scoring (as tag's default): 64 tagged the test set 2.4x faster than 256 here. */
    static final int EVAL_BATCH = 64;
    static final String LEFT_TO_RIGHT = "left to right";

    @Override
    public Integer call() throws Exception {
        network.validate();
        train.validate();
        if (split.folds != 0) {
            throw new BadInputException("the tagger does not cross-validate (--cv); use --seeds N for repeated runs");
        }
        if (wordDropout < 0 || wordDropout >= 1) {
            throw new BadInputException("--word-dropout must be in [0, 1), got " + wordDropout);
        }
        if (averageDecay < 0 || averageDecay >= 1) {
            throw new BadInputException("--average-decay must be in [0, 1), got " + averageDecay);
        }
        if (limit < 0) {
            throw new BadInputException("--limit must be 0 (all) or positive, got " + limit);
        }
        Path model = train.model;
        Path out = train.out;
        ModelBundle.checkTarget(model);
        Report.checkTarget(out);
        if (!spec.commandLine().getParseResult().hasMatchedOption("--split")) {
            split.method = TaggerData.defaultMethod(data.data);
        }
        SplitPlan splitPlan = split.plan(TRAIN_FRACTION, VALIDATION_FRACTION, train.seed);
        int seeds = train.seeds;
        RunPlan plan = RunPlan.of(seeds, 0, train.seed, model);
        Instant started = Instant.now();

        boolean originalTags = tagset == Tagset.BROWN || column == Column.XPOS;
        TaggerData taggerData = TaggerData.load(data.data, data.format, originalTags, splitPlan, limit);
        List<TaggedSentence> trainSet = taggerData.split().train();
        log("data %s: %,d training, %,d validation, %,d test sentences (%s)", taggerData.name(), trainSet.size(),
                taggerData.split().validation().size(), taggerData.split().test().size(),
                taggerData.split().info().method());
        WordVectors vectors = TaggerEmbeddings.read(network.embeddings);
        int dim = vectors == null ? network.embeddingDim : vectors.dim();
        TaggerSettings settings = new TaggerSettings(network.cell, network.hidden, network.layers, network.bidirectional,
                network.dropout, network.embeddings, dim, minCount, pretrainedWords, charDim, charFilters, maxWordChars,
                caseFeature, crf, hyphenBackoff, charEncoder);
        TaggerEncoder encoder = TaggerEncoder.fit(trainSet, settings, vectors);
        log("vocabulary: %,d training words, %,d pretrained (frozen), %,d characters, %,d tags",
                encoder.words().size(), encoder.pretrained() == null ? 0 : encoder.pretrained().words().size(),
                encoder.characters().size(), encoder.tags().size());

        Run leftToRightRun = null;
        if (compare && settings.bidirectional()) {
            plan = plan.withExtraRuns(List.of(LEFT_TO_RIGHT), model);
            leftToRightRun = plan.runs().get(seeds);
        }
        TaggerEncoder leftToRightEncoder = new TaggerEncoder(settings.leftToRight(), encoder.words(), encoder.pretrained(),
                encoder.characters(), encoder.tags(), encoder.trainingWords());
        boolean parallel = parallelCompare != null ? parallelCompare : Runtime.getRuntime().availableProcessors() > 1;
        // on Spark the cluster has the cores; two jobs at once would only compete there
        parallel = parallel && leftToRightRun != null && train.scaleOut().isLocal();
        List<TrainingResult<ComputationGraph>> main;
        TrainingResult<ComputationGraph> leftToRight = null;
        if (parallel) {
            Run run = leftToRightRun;
            log("run %d/%d: %s, on a thread of its own beside the main network (its lines start with [%s])",
                    run.index() + 1, run.count(), run.name(), run.name());
            try (OneBlasThread ignored = OneBlasThread.start()) {
                BackgroundRun<TrainingResult<ComputationGraph>> background = BackgroundRun.start(
                        "seqlab-" + LEFT_TO_RIGHT.replace(' ', '-'),
                        () -> trainRun(run, leftToRightEncoder, vectors, taggerData, run.name()));
                main = trainMainRuns(plan.runs().subList(0, seeds), encoder, vectors, taggerData);
                leftToRight = background.await();
            }
        } else {
            main = trainMainRuns(plan.runs().subList(0, seeds), encoder, vectors, taggerData);
            if (leftToRightRun != null) {
                log("run %d/%d: %s", leftToRightRun.index() + 1, leftToRightRun.count(), leftToRightRun.name());
                leftToRight = trainRun(leftToRightRun, leftToRightEncoder, vectors, taggerData, null);
            }
        }
        TrainingResult<ComputationGraph> best = RunPlan.chooseByValidation(main, r -> bestValidation(r), true);
        int bestIndex = main.indexOf(best);
        TaggerModel tagger = new TaggerModel(best.best().network(), encoder, tokenizer, false);

        List<TaggedSentence> test = taggerData.split().test();
        long tagStart = System.nanoTime();
        List<List<String>> predicted = TaggerEvaluation.tag(tagger, test, EVAL_BATCH);
        double tagSeconds = (System.nanoTime() - tagStart) / 1e9;
        long testTokens = test.stream().mapToLong(s -> s.words().size()).sum();
        SequenceLabellingMetrics metrics = TaggerEvaluation.score(test, predicted, encoder.tags(), encoder::seenInTraining);
        List<Map<String, Double>> runScores = new ArrayList<>();
        for (int i = 0; i < main.size(); i++) {
            TaggerModel m = new TaggerModel(main.get(i).best().network(), encoder, tokenizer, false);
            runScores.add(i == bestIndex ? metrics.flat() : TaggerEvaluation.score(m, test, EVAL_BATCH).flat());
        }

        Map<String, SequenceLabellingMetrics> comparisons = new LinkedHashMap<>();
        if (compare) {
            MostFrequentTag mostFrequent = new MostFrequentTag(trainSet);
            comparisons.put("most frequent tag", TaggerEvaluation.score(test,
                    test.stream().map(s -> mostFrequent.tag(s.words())).toList(), encoder.tags(), encoder::seenInTraining));
            if (universal(encoder.tags())) {
                OpenNlpPosTagger openNlp = new OpenNlpPosTagger();
                comparisons.put("OpenNLP en-ud-ewt POS (mapped to universal tags)", TaggerEvaluation.score(test,
                        test.stream().map(s -> openNlp.tag(s.words())).toList(), encoder.tags(), encoder::seenInTraining));
            }
            if (leftToRight != null) {
                TaggerModel left = new TaggerModel(leftToRight.best().network(), leftToRightEncoder, tokenizer, false);
                comparisons.put("left to right (same network, --no-bidirectional)", TaggerEvaluation.score(left, test, EVAL_BATCH));
            }
        }

        Map<String, Object> headline = new LinkedHashMap<>(metrics.flat());
        headline.put("train_tokens_per_second", best.tokensPerSecond());
        headline.put("tag_tokens_per_second", testTokens / Math.max(tagSeconds, 1e-9));
        headline.put("decoding", tagger.decoding().toString());
        headline.put("epochs", best.history().size());
        headline.put("best_epoch", best.bestEpoch());
        headline.put("seconds", best.seconds());
        Provenance provenance = Provenance.of(taggerData.name(), taggerData.sha256(), taggerData.split().info(),
                settings, train.settings(), plan.runs().subList(0, seeds).stream().map(Run::seed).toList(),
                plan.runs().get(bestIndex).name(), best.bestEpoch(), started,
                Map.of("tagset", originalTags ? "original" : "universal", "limit", limit, "split_method",
                        splitPlan.method().cliName(), "word_dropout", wordDropout, "average_decay", averageDecay));
        ModelBundle.Writer writer = ModelBundle.writer(TaggerModel.TASK).data(taggerData.name());
        tagger.addTo(writer);
        writer.hyperParameters(Json.MAPPER.convertValue(settings, Map.class)).metrics(headline).provenance(provenance);
        writer.write(model);

        TaggerReport.write(out, taggerData, tagger, best, metrics, predicted, comparisons,
                main.size() > 1 ? plan.runs().subList(0, seeds).stream().map(Run::name).toList() : List.of(), runScores,
                headline, provenance);
        plan.discardCheckpoints();
        log("tagger: test token accuracy %.4f, unseen words %.4f%s; model in %s, report %s", metrics.tokenAccuracy(),
                metrics.unseenAccuracy(), metrics.spans() == null ? "" : String.format(", span F1 %.4f", metrics.spans().f1()),
                model, out.resolve("report.html"));
        return 0;
    }

    /** The runs of the main network (one per seed), one after the other. */
    private List<TrainingResult<ComputationGraph>> trainMainRuns(List<Run> runs, TaggerEncoder encoder, WordVectors vectors,
                                                                 TaggerData data) throws IOException {
        return new RunPlan(runs).execute(r -> trainRun(r, encoder, vectors, data, null));
    }

    /** Trains one run; {@code background} names a run trained beside another one (null: in the foreground). */
    private TrainingResult<ComputationGraph> trainRun(Run run, TaggerEncoder encoder, WordVectors vectors, TaggerData data,
                                                      String background) throws IOException {
        TrainSettings settings = train.settings().withSeed(run.seed());
        ComputationGraph net = TaggerNetwork.build(encoder, settings);
        if (vectors != null) {
            EmbeddingInitializer.apply(net, TaggerNetwork.WORD_EMBEDDING,
                    EmbeddingInitializer.weights(encoder.words(), vectors, run.seed()).weights());
        }
        SplittableRandom dropWords = new SplittableRandom(run.seed());
        ShuffledBatches<TaggedSentence> batches = new ShuffledBatches<>(data.split().train(), settings.batch(), run.seed(),
                b -> encoder.trainingBatch(b, dropWords, wordDropout), s -> s.words().size()).bucketed(s -> s.words().size());
        List<TaggedSentence> validation = data.split().validation();
        Validator<ComputationGraph> validator = trainable -> {
            ComputationGraph graph = trainable.network();
            TaggerModel m = new TaggerModel(graph, encoder, tokenizer, false);
            Map<String, Double> scores = new LinkedHashMap<>();
            scores.put("accuracy", TaggerEvaluation.score(m, validation, EVAL_BATCH).tokenAccuracy());
            scores.put("loss", validationLoss(graph, encoder, validation));
            return scores;
        };
        String fingerprint = Json.line(Map.of("settings", encoder.settings(), "train", settings, "data", data.sha256(),
                "split", data.split().info(), "word_dropout", wordDropout));
        // not the average's decay: it changes no step (and the fingerprint seeds the dropout), so a run with and one
        // without the average train alike; the Trainer refuses to resume a checkpoint made without it, or with it
        TrainerConfig config = new TrainerConfig(settings.epochs(), settings.patience(), "accuracy", true,
                run.checkpoints(), train.resume, fingerprint, train.budgetSeconds()).withParameterAveraging(averageDecay);
        if (background != null) {
            config = config.inBackground(background);
        }
        return new Trainer(config, train.scaleOut()).train(Trainables.of(net), batches, validator);
    }

    /** Mean loss per sentence over the validation sentences (DL4J's score is the batch mean). */
    static double validationLoss(ComputationGraph graph, TaggerEncoder encoder, List<TaggedSentence> sentences) {
        double sum = 0;
        for (int from = 0; from < sentences.size(); from += EVAL_BATCH) {
            List<TaggedSentence> slice = sentences.subList(from, Math.min(sentences.size(), from + EVAL_BATCH));
            sum += graph.score(encoder.batch(slice)) * slice.size();
        }
        return sum / Math.max(1, sentences.size());
    }

    static double bestValidation(TrainingResult<?> result) {
        return result.history().stream().filter(r -> r.epoch() == result.bestEpoch())
                .mapToDouble(r -> r.validation().get("accuracy")).findFirst().orElse(0);
    }

    /** Whether every tag is one of the 12 universal tags (then OpenNLP's mapped tags are comparable). */
    static boolean universal(List<String> tags) {
        return Set.of("NOUN", "VERB", "ADJ", "ADV", "PRON", "DET", "ADP", "NUM", "CONJ", "PRT", ".", "X").containsAll(tags);
    }

    private static void log(String format, Object... args) {
        if (!Boolean.getBoolean("seqlab.quiet")) {
            System.err.println(String.format(format, args));
        }
    }
}
