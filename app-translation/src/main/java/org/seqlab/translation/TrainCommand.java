package org.seqlab.translation;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.seqlab.common.app.Provenance;
import org.seqlab.common.app.Run;
import org.seqlab.common.app.RunPlan;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.cli.DataOptions;
import org.seqlab.common.cli.NetworkOptions;
import org.seqlab.common.cli.TrainOptions;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.Json;
import org.seqlab.common.report.Report;
import org.seqlab.common.report.ReportSections;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.train.EpochRecord;
import org.seqlab.datasets.Datasets;
import org.seqlab.datasets.Split;
import org.seqlab.datasets.TextPair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seqlab translate train}: learns subwords and an encoder-decoder, writes a bundle and a report. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train an encoder-decoder translator with attention on parallel text; writes a model bundle "
                + "and a report (test BLEU/chrF for greedy and beam decoding, learning curves, examples, attention). "
                + "The default --minutes keeps the default model within 30 minutes on 2 cores.")
public final class TrainCommand implements Callable<Integer> {
    static final String DATA_FILE = "translation-data.json";
    static final double DEFAULT_PLATEAU_DECAY = 0.5;

    @Mixin
    DataOptions dataOptions = new DataOptions();

    @Mixin
    NetworkOptions network = new NetworkOptions();

    @Mixin
    TrainOptions train = new TrainOptions();

    @Option(names = "--direction", paramLabel = "SRC-TGT",
            description = "Translation direction: de-en or en-de for the catalog's German-English pairs; the file "
                    + "extensions of a Multi30k-style folder; for TSV/JSONL/aligned files the first column (file) is the "
                    + "source and this only names the languages. Default: ${DEFAULT-VALUE}.")
    String direction = "de-en";

    @Option(names = "--attention", paramLabel = "bahdanau|luong-dot|luong-general|none",
            converter = AttentionConverter.class,
            description = "Additive attention with the context fed into a GRU decoder (Bahdanau), dot or bilinear "
                    + "attention over the decoder state (Luong), or none (the plain encoder-decoder: the mean encoder "
                    + "state is the context at every step). Default: ${DEFAULT-VALUE}.")
    Attention attention = Attention.BAHDANAU;

    @Option(names = "--attention-size", paramLabel = "N", description = "Units of the attention's scoring layer. Default: ${DEFAULT-VALUE}.")
    int attentionSize = 256;

    @Option(names = "--compare-attention", paramLabel = "KIND[,KIND...]", split = ",", converter = AttentionConverter.class,
            description = "Also train models with these attentions on the same split and compare their test scores "
                    + "in the report (e.g. none). Default: no comparison.")
    List<Attention> compare = new ArrayList<>();

    @Option(names = "--vocab", paramLabel = "bpe|word",
            description = "Subword units by byte-pair encoding, or whole words (rare ones become <unk>). Default: ${DEFAULT-VALUE}.")
    String vocab = "bpe";

    @Option(names = "--bpe-merges", paramLabel = "N",
            description = "Byte-pair merges learned on the training text of both languages (with --no-joint-bpe: on "
                    + "each language's side, this many each). Default: ${DEFAULT-VALUE}.")
    int bpeMerges = 4000;

    @Option(names = "--joint-bpe", negatable = true, fallbackValue = "true",
            description = "Learn the --bpe-merges on both languages' training text together (Sennrich et al.'s joint "
                    + "BPE, OpenNMT's shared vocabulary learning), so names, numbers and identifiers that the source and "
                    + "the target share are cut into the same subwords on both sides and can be copied; "
                    + "--no-joint-bpe learns each language's merges on its own side. Default: ${DEFAULT-VALUE}.")
    boolean jointBpe = true;

    @Option(names = "--min-count", paramLabel = "N",
            description = "With --vocab word: words seen fewer times become <unk>. Default: ${DEFAULT-VALUE}.")
    int minCount = 2;

    @Option(names = "--max-length", paramLabel = "N",
            description = "Source subwords read at most (longer inputs are cut, in training and translation). Default: ${DEFAULT-VALUE}.")
    int maxLength = 100;

    @Option(names = "--max-target-length", paramLabel = "N",
            description = "Target subwords trained on and generated at most. Default: ${DEFAULT-VALUE}.")
    int maxTargetLength = 100;

    @Option(names = "--label-smoothing", paramLabel = "E",
            description = "Train towards (1 - E) on the reference subword and E spread over the whole vocabulary "
                    + "(OpenNMT's option; 0 = off). The validation loss stays plain cross-entropy. Default: ${DEFAULT-VALUE}.")
    double labelSmoothing = 0.1;

    @Option(names = "--lr-plateau", paramLabel = "GAMMA",
            description = "Multiply the learning rate by GAMMA after every epoch whose validation loss does not improve "
                    + "(PyTorch's ReduceLROnPlateau with patience 0; 0 = never). Default: " + DEFAULT_PLATEAU_DECAY
                    + ", or 0 with --lr-decay.")
    Double plateauDecay;

    @Mixin
    SearchOptions search = new SearchOptions();

    @Option(names = "--test-size", paramLabel = "N",
            description = "Pairs held out for the test (at most a tenth of the data; a folder's own test split wins). Default: ${DEFAULT-VALUE}.")
    int testSize = 1000;

    @Option(names = "--validation-size", paramLabel = "N",
            description = "Pairs held out for validation (at most a twentieth of the data). Default: ${DEFAULT-VALUE}.")
    int validationSize = 500;

    @Option(names = "--split-seed", paramLabel = "N", description = "Seed of the shuffle that splits the pairs. Default: ${DEFAULT-VALUE}.")
    long splitSeed = 13;

    @Option(names = "--max-pairs", paramLabel = "N", description = "Train on at most N pairs (0 = all): a smaller budget. Default: ${DEFAULT-VALUE}.")
    int maxPairs = 0;

    @Option(names = "--dictionary", paramLabel = "auto|none|PATH",
            description = "Word and phrase translations added to the training pairs, never to validation or test (a "
                    + "bilingual lexicon, as low-resource translation uses one): auto = the dataset's own dictionary when "
                    + "it ships one (ding-de-en: the Ding dictionary's entries), none, or a pair file (TSV, JSONL, "
                    + "a.de,a.en) read source first. An entry whose source is a held-out sentence is left out. "
                    + "Default: ${DEFAULT-VALUE}.")
    String dictionary = TranslationData.AUTO;

    @Option(names = "--dictionary-pairs", paramLabel = "N",
            description = "Dictionary entries added at most, a sample seeded by --split-seed (0 = all). "
                    + "Default: ${DEFAULT-VALUE}.")
    int dictionaryPairs = 50_000;

    @Option(names = "--bleu-pairs", paramLabel = "N",
            description = "Validation pairs translated (greedily) after every epoch for the validation BLEU curve (0 = none). Default: ${DEFAULT-VALUE}.")
    int bleuPairs = 300;

    public TrainCommand() {
        dataOptions.data = "gettext-de-en";
        network.cell = CellType.GRU;
        network.hidden = 256;
        network.embeddingDim = 256;
        network.bidirectional = true;
        network.dropout = 0.3;
        train.epochs = 12;
        train.batch = 64;
        train.learningRate = 2e-3;
        train.patience = 2;
        train.minutes = 25;
        train.model = Path.of("models", "translation");
        train.out = Path.of("reports", "translation");
    }

    TranslationSettings settings(TranslationData data) {
        if (!network.embeddings.equals("random")) {
            throw new BadInputException("--embeddings: translation learns its subword embeddings; only 'random' is supported");
        }
        if (train.tbptt > 0) {
            throw new BadInputException("--tbptt: translation trains on whole sentence pairs (the attention decoder "
                    + "restarts at every segment); leave it at 0");
        }
        if (!vocab.equals("bpe") && !vocab.equals("word")) {
            throw new BadInputException("--vocab must be bpe or word, got " + vocab);
        }
        network.validate();
        boolean perEpochDecay = train.learningRateDecay < 1;
        if (plateauDecay != null && plateauDecay > 0 && perEpochDecay) {
            throw new BadInputException("--lr-plateau and --lr-decay both change the learning rate; choose one");
        }
        double plateau = plateauDecay != null ? plateauDecay : perEpochDecay ? 0 : DEFAULT_PLATEAU_DECAY;
        return new TranslationSettings(data.sourceLanguage(), data.targetLanguage(), attention, network.cell,
                network.embeddingDim, network.hidden, network.layers, network.bidirectional, attentionSize,
                network.dropout, vocab.equals("word") ? 0 : bpeMerges, vocab.equals("word"), minCount, maxLength,
                maxTargetLength, labelSmoothing, jointBpe && vocab.equals("bpe"), plateau);
    }

    @Override
    public Integer call() throws Exception {
        train.validate();
        Decoding decoding = search.beamSearch(1);
        if (compare.contains(attention)) {
            throw new BadInputException("--compare-attention lists the model's own attention " + attention);
        }
        TranslationData data = new TranslationData(dataOptions.data, dataOptions.format, direction, splitSeed, testSize,
                validationSize, maxPairs, dictionary, dictionaryPairs);
        TranslationSettings settings = settings(data);
        ModelBundle.checkTarget(train.model);
        Report.checkTarget(train.out);
        Instant started = Instant.now();
        Split<TextPair> split = data.split();
        List<TextPair> entries = data.dictionaryEntries(split);
        List<TextPair> trainingPairs = entries.isEmpty() ? split.train()
                : Stream.concat(split.train().stream(), entries.stream()).toList();
        log("%s %s: %,d training, %,d validation, %,d test pairs%s", data.data(), data.direction(), split.train().size(),
                split.validation().size(), split.test().size(),
                entries.isEmpty() ? "" : String.format(Locale.ROOT, "; %,d dictionary entries trained on too", entries.size()));
        RunPlan plan = RunPlan.seeds(train.seeds, train.seed, train.model);
        int mainRuns = plan.runs().size();
        if (!compare.isEmpty()) {
            plan = plan.withExtraRuns(compare.stream().map(a -> "attention " + a).toList(), train.model);
        }
        List<TranslationTraining.Result> results = plan.execute(run -> {
            TranslationSettings s = run.index() < mainRuns ? settings : settings.withAttention(compare.get(run.index() - mainRuns));
            return TranslationTraining.train(trainingPairs, split.validation(), s, train.settings().withSeed(run.seed()),
                    run.checkpoints(), train.resume, train.scaleOut(), bleuPairs, train.budgetSeconds());
        });
        List<TranslationTraining.Result> main = results.subList(0, mainRuns);
        TranslationTraining.Result best = RunPlan.chooseByValidation(main, TrainCommand::bestValidationLoss, false);
        TranslationModel model = best.model().with(decoding);

        Report report = new Report("Translation " + data.direction() + " on " + data.data(), train.out);
        report.section("Model").paragraph(describe(settings, model) + " Trained on " + String.format(Locale.ROOT,
                "%,d", split.train().size()) + " pairs" + (entries.isEmpty() ? "" : String.format(Locale.ROOT,
                " and %,d dictionary entries (%s)", entries.size(), data.dictionary().equals(TranslationData.AUTO)
                        ? "the dataset's dictionary" : data.dictionary())) + "; " + split.info().method() + " (seed "
                + split.info().seed() + ").");
        Map<String, Object> flat = TranslationReport.evaluate(report, model, split.test(), data.data() + " " + data.direction());
        ReportSections.learningCurves(report, best.training(), "bleu");
        report.paragraph("The validation BLEU curve is lower-cased BLEU of greedy translations of the first "
                + Math.min(bleuPairs, split.validation().size()) + " validation pairs. The training loss is measured "
                + "with dropout" + (settings.labelSmoothing() > 0 ? " and against the label-smoothed targets" : "")
                + ", the validation loss without dropout against the reference alone: the training curve can lie above "
                + "the validation curve without anything being wrong." + (entries.isEmpty() ? "" : " Both are summed over "
                + "a pair's subwords, and the training loss also counts the dictionary entries, a few subwords each, so "
                + "it lies well below the validation loss of whole sentences."));
        if (plan.repeated()) {
            compareRuns(report, plan, results, split.test());
        }
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("epochs", best.training().history().size());
        training.put("best_epoch", best.training().bestEpoch());
        training.put("dictionary_entries", entries.size());
        training.put("seconds", best.training().seconds());
        training.put("train_tokens_per_second", best.training().tokensPerSecond());
        training.put("source_vocabulary", model.sourceCodec().vocabulary().size());
        training.put("target_vocabulary", model.targetCodec().vocabulary().size());
        training.put("stopped_early", best.training().stoppedEarly() ? 1 : 0);
        report.metrics(training);
        flat.putAll(training);

        int chosen = main.indexOf(best);
        Run run = plan.runs().get(chosen);
        Provenance provenance = Provenance.of(data.data(), Datasets.fingerprint(data.data()), split.info(), settings,
                train.settings().withSeed(run.seed()), List.of(run.seed()), run.name(), best.training().bestEpoch(), started,
                Map.of("direction", data.direction()));
        ReportSections.provenance(report, provenance);
        ModelBundle.Writer writer = ModelBundle.writer(TranslationModel.TASK).data(data.data())
                .hyperParameters(Json.MAPPER.convertValue(settings, Map.class)).metrics(flat).provenance(provenance)
                .json(DATA_FILE, data);
        model.addTo(writer);
        writer.write(train.model);
        Path written = report.write();
        plan.discardCheckpoints();
        // one line on stderr, as every app ends its training
        System.err.printf(Locale.ROOT, "translate: test bleu_lowercase %.2f (beam %d), %.2f (greedy); bleu %.2f; chrF %.2f; "
                        + "%.1f sentences/s; model in %s, report %s%n", (Double) flat.get("bleu_lowercase"), search.beam,
                (Double) flat.get("greedy_bleu_lowercase"), (Double) flat.get("bleu"), (Double) flat.get("chrf"),
                (Double) flat.get("decode_sentences_per_second"), train.model, written);
        return 0;
    }

    static double bestValidationLoss(TranslationTraining.Result result) {
        return result.training().history().stream().mapToDouble(r -> r.validation().get("loss")).min().orElseThrow();
    }

    static String describe(TranslationSettings s, TranslationModel model) {
        String encoder = (s.bidirectional() ? "bidirectional " : "") + s.cell().cliName().toUpperCase(Locale.ROOT) + " "
                + s.hidden() + (s.encoderLayers() > 1 ? " x " + s.encoderLayers() + " layers" : "");
        String decoder = switch (s.attention()) {
            case BAHDANAU -> "GRU " + s.hidden() + " decoder with additive (Bahdanau) attention, the context fed into the GRU";
            case LUONG_DOT, LUONG_GENERAL -> s.decoderCell().cliName().toUpperCase(Locale.ROOT) + " " + s.hidden()
                    + " decoder with " + (s.attention() == Attention.LUONG_DOT ? "dot" : "general") + " (Luong) attention";
            case NONE -> s.decoderCell().cliName().toUpperCase(Locale.ROOT) + " " + s.hidden()
                    + " decoder without attention (the mean encoder state is the context at every step)";
        };
        String units = s.wordVocabulary() ? "whole words (seen at least " + s.minWordCount() + " times)"
                : s.bpeMerges() + (s.jointBpe() ? " byte-pair merges learned on both languages" : " byte-pair merges per language");
        return String.format(Locale.ROOT, "Embedding %d -> %s encoder -> %s -> softmax over %,d target %s; dropout %.2f%s. "
                        + "Units: %s (source vocabulary %,d). Decoding: %s, length-normalised scores.",
                s.embeddingDim(), encoder, decoder, model.targetCodec().vocabulary().size(),
                s.wordVocabulary() ? "words" : "subwords", s.dropout(),
                s.labelSmoothing() > 0 ? String.format(Locale.ROOT, ", label smoothing %.2f", s.labelSmoothing()) : "",
                units, model.sourceCodec().vocabulary().size(), model.decoding().describe());
    }

    /** Every run's validation loss and test BLEU (greedy), and mean ± std over the seeds. */
    private static void compareRuns(Report report, RunPlan plan, List<TranslationTraining.Result> results,
                                    List<TextPair> test) throws IOException {
        List<String> names = new ArrayList<>();
        List<Map<String, Double>> scores = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            TranslationTraining.Result r = results.get(i);
            TestScores greedy = TestScores.of(r.model().with(Decoding.GREEDY), test);
            Map<String, Double> row = new LinkedHashMap<>();
            row.put("val_loss", bestValidationLoss(r));
            row.put("greedy_bleu_lowercase", greedy.scores().bleuLowercase().bleu());
            row.put("greedy_bleu", greedy.scores().bleu().bleu());
            row.put("greedy_chrf", greedy.scores().chrf());
            EpochRecord last = r.training().history().get(r.training().history().size() - 1);
            row.put("epochs", (double) last.epoch());
            names.add(plan.runs().get(i).name() + " (" + r.model().settings().attention() + ")");
            scores.add(row);
        }
        ReportSections.repeatedRuns(report, names, scores,
                List.of("val_loss", "greedy_bleu_lowercase", "greedy_bleu", "greedy_chrf", "epochs"));
        report.paragraph("Each run on the same split, scored on the test pairs with greedy decoding; a comparison run "
                + "(another attention) enters the mean too, so read its row on its own.");
    }

    private static void log(String format, Object... args) {
        if (!Boolean.getBoolean("seqlab.quiet")) {
            System.err.println(String.format(Locale.ROOT, format, args));
        }
    }
}
