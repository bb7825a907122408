package org.seqlab.translation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.common.app.ParallelPredictions;
import org.seqlab.common.app.TaskModel;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.decode.BeamSearch;
import org.seqlab.common.decode.Decoders;
import org.seqlab.common.decode.GraphStepModel;
import org.seqlab.common.decode.Hypothesis;
import org.seqlab.common.decode.StepModel;
import org.seqlab.common.decode.TokenInput;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.rnn.AttentionDecoder;
import org.seqlab.common.text.BytePairEncoding;
import org.seqlab.common.text.Vocabulary;

/**
 * A trained translator: source text to target text through the encoder-decoder graph, decoded with
 * {@link GraphStepModel} and a beam or greedy search, up to {@link #DECODE_BATCH} sources at once: the encoder runs
 * once on the padded batch and every step advances all live hypotheses of all its sources together, so that the
 * output layer's weights are read once per step for all of them, not once per source.
 * Not thread-safe: decoding keeps recurrent state in the graph's layers. A batch is cut into parts decoded by
 * {@code workers} threads at once, each on its own copy of the graph ({@link ParallelPredictions}).
 */
public final class TranslationModel implements TaskModel<String, Translation> {
    public static final String TASK = "translation";
    static final String SETTINGS_FILE = "translation-settings.json";
    static final String SOURCE_BPE = "source.bpe";
    static final String TARGET_BPE = "target.bpe";
    static final String SOURCE_VOCAB = "source-vocab.json";
    static final String TARGET_VOCAB = "target-vocab.json";
    static final String REPEATABLE_WORDS = "repeatable-words.json";
    /**
     * Sources decoded together at most (beam 5: 160 rows a step). Beyond it a step's product no longer gains per
     * row, and smaller parts balance the workers better.
     */
    static final int DECODE_BATCH = 32;

    private final ComputationGraph graph;
    private final TranslationSettings settings;
    private final SubwordCodec source;
    private final SubwordCodec target;
    private final Decoding decoding;
    /** Target words (lower case) that the training targets write twice in a row, which the search may do too. */
    private final Set<String> repeatableWords;
    private final int workers;
    /** This model and the copies of it that the other workers decode with, made on the first batch that needs them. */
    private List<TranslationModel> workerModels;

    public TranslationModel(ComputationGraph graph, TranslationSettings settings, SubwordCodec source,
                            SubwordCodec target, Set<String> repeatableWords, Decoding decoding) {
        this(graph, settings, source, target, repeatableWords, decoding, ParallelPredictions.defaultWorkers());
    }

    private TranslationModel(ComputationGraph graph, TranslationSettings settings, SubwordCodec source,
                             SubwordCodec target, Set<String> repeatableWords, Decoding decoding, int workers) {
        if (workers < 1) {
            throw new BadInputException("--threads must be at least 1, got " + workers);
        }
        this.graph = graph;
        this.settings = settings;
        this.source = source;
        this.target = target;
        this.repeatableWords = Set.copyOf(repeatableWords);
        this.decoding = decoding;
        this.workers = workers;
    }

    /** The same model searching another way. */
    public TranslationModel with(Decoding other) {
        return new TranslationModel(graph, settings, source, target, repeatableWords, other, workers);
    }

    /** The same model decoding a batch on {@code count} threads. */
    public TranslationModel withWorkers(int count) {
        return new TranslationModel(graph, settings, source, target, repeatableWords, decoding, count);
    }

    public int workers() {
        return workers;
    }

    public ComputationGraph graph() {
        return graph;
    }

    public TranslationSettings settings() {
        return settings;
    }

    public SubwordCodec sourceCodec() {
        return source;
    }

    public SubwordCodec targetCodec() {
        return target;
    }

    public Decoding decoding() {
        return decoding;
    }

    @Override
    public String task() {
        return TASK;
    }

    @Override
    public String inputName() {
        return "source";
    }

    @Override
    public String parse(String line) {
        return line.strip();
    }

    @Override
    public int length(String input) {
        return source.symbols(input).size();
    }

    /**
     * Translates the inputs in parts of at most {@link #DECODE_BATCH} neighbours (a caller that sorts its batch by
     * length, as PredictLinesCommand does, gets parts that pad little), at least one part per worker.
     */
    @Override
    public List<Translation> predict(List<String> inputs) {
        int parts = Math.min(inputs.size(), Math.max(workers, (inputs.size() + DECODE_BATCH - 1) / DECODE_BATCH));
        List<List<String>> chunks = new ArrayList<>(parts);
        for (int k = 0; k < parts; k++) {
            chunks.add(inputs.subList(k * inputs.size() / parts, (k + 1) * inputs.size() / parts));
        }
        int used = Math.min(workers, chunks.size());
        if (workerModels == null || workerModels.size() < used) {
            workerModels = new ArrayList<>(List.of(this));
            for (int k = 1; k < used; k++) {
                workerModels.add(new TranslationModel(graph.clone(), settings, source, target, repeatableWords, decoding, 1));
            }
        }
        List<java.util.function.Function<List<String>, List<Translation>>> translators = new ArrayList<>();
        workerModels.subList(0, Math.max(1, used)).forEach(m -> translators.add(m::translateAll));
        List<Translation> out = new ArrayList<>(inputs.size());
        ParallelPredictions.map(chunks, translators).forEach(out::addAll);
        return out;
    }

    /** Translates one text; an over-long source is cut to {@code maxSourceLength} subwords and flagged. */
    public Translation translate(String text) {
        return translateAll(List.of(text)).get(0);
    }

    /** A source cut to the model's length, as subword ids, with the words the vocabulary lacks. */
    private record Source(int[] ids, boolean truncated, List<String> unknown) {
    }

    private Source encodeSource(String text) {
        List<String> symbols = source.symbols(text);
        boolean truncated = symbols.size() > settings.maxSourceLength();
        if (truncated) {
            symbols = symbols.subList(0, settings.maxSourceLength());
        }
        Set<String> unknown = new LinkedHashSet<>();
        for (String s : symbols) {
            if (!source.vocabulary().contains(s)) {
                unknown.add(s.replace(BytePairEncoding.SPACE, ""));
            }
        }
        return new Source(source.vocabulary().encode(symbols, false), truncated, new ArrayList<>(unknown));
    }

    /**
     * Translates the texts together (one encoder pass over the padded batch, one decoder step for all of them);
     * each answer is the one {@link #translate} gives alone, up to float rounding in the scores.
     */
    public List<Translation> translateAll(List<String> texts) {
        List<Source> sources = texts.stream().map(this::encodeSource).toList();
        List<Integer> nonEmpty = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            if (sources.get(i).ids().length > 0) {
                nonEmpty.add(i);
            }
        }
        List<List<Hypothesis>> decoded = nonEmpty.isEmpty() ? List.of()
                : decode(nonEmpty.stream().map(i -> sources.get(i).ids()).toList());
        Translation[] out = new Translation[texts.size()];
        for (int k = 0; k < nonEmpty.size(); k++) {
            Source s = sources.get(nonEmpty.get(k));
            List<Translation.Candidate> candidates = new ArrayList<>();
            for (Hypothesis h : decoded.get(k)) {
                candidates.add(new Translation.Candidate(target.decode(h.tokens()), h.score(decoding.lengthAlpha())));
            }
            out[nonEmpty.get(k)] = new Translation(candidates.get(0).text(), candidates.get(0).score(), candidates,
                    s.truncated(), s.unknown());
        }
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
                out[i] = new Translation("", 0, List.of(new Translation.Candidate("", 0)), false, List.of());
            }
        }
        return List.of(out);
    }

    /** The hypotheses of each source (non-empty subword ids), searched together. */
    private List<List<Hypothesis>> decode(List<int[]> ids) {
        int[] maxLengths = new int[ids.size()];
        for (int i = 0; i < maxLengths.length; i++) {
            maxLengths[i] = Math.min(settings.maxTargetLength(), 2 * ids.get(i).length + 10);
        }
        // one source needs no mask: the path of a single interactive sentence stays as short as it was
        StepModel graphSteps = ids.size() == 1
                ? new GraphStepModel(graph, new INDArray[] {sourceInput(ids.get(0))}, target.vocabulary().size(),
                        TokenInput.INDEX)
                : new GraphStepModel(graph, new INDArray[] {sourceInput(ids)}, new INDArray[] {sourceMask(ids)},
                        target.vocabulary().size(), TokenInput.INDEX);
        if (decoding.greedy()) {
            return Decoders.greedy(graphSteps, maxLengths, Vocabulary.BOS_ID, Vocabulary.EOS_ID).stream()
                    .map(List::of).toList();
        }
        Predicate<List<Integer>> dropIf = decoding.repeatedWords() ? BeamSearch.KEEP_ALL
                : new RepeatedWords(target, repeatableWords);
        return new BeamSearch(decoding.beam(), decoding.lengthAlpha(), settings.maxTargetLength(), decoding.nBest(),
                decoding.blockRepeat(), dropIf).decode(graphSteps, maxLengths, Vocabulary.BOS_ID, Vocabulary.EOS_ID);
    }

    static INDArray sourceInput(int[] ids) {
        return sourceInput(List.of(ids));
    }

    /** Token ids [sources, 1, longest], padded with zeros. */
    static INDArray sourceInput(List<int[]> ids) {
        int longest = ids.stream().mapToInt(a -> a.length).max().orElse(0);
        float[] values = new float[ids.size() * longest];
        for (int b = 0; b < ids.size(); b++) {
            for (int t = 0; t < ids.get(b).length; t++) {
                values[b * longest + t] = ids.get(b)[t];
            }
        }
        return Nd4j.create(values, new long[] {ids.size(), 1, longest});
    }

    /** 1 at each source's real steps, 0 at its padding: [sources, longest]. */
    static INDArray sourceMask(List<int[]> ids) {
        int longest = ids.stream().mapToInt(a -> a.length).max().orElse(0);
        float[] values = new float[ids.size() * longest];
        for (int b = 0; b < ids.size(); b++) {
            Arrays.fill(values, b * longest, b * longest + ids.get(b).length, 1f);
        }
        return Nd4j.create(values, new long[] {ids.size(), longest});
    }

    /** Attention of a translation over its source, for heat maps: rows target subwords, columns source subwords. */
    public record AttentionMap(List<String> sourceSymbols, List<String> targetSymbols, double[][] weights) {
    }

    /** The decoder's attention while reading {@code translation} as the target of {@code text} (teacher forced). */
    public AttentionMap attention(String text, String translation) {
        if (settings.attention() == Attention.NONE) {
            throw new IllegalStateException("a model without attention has no attention weights");
        }
        int[] src = source.encode(text);
        int[] tgt = target.encode(translation);
        src = Arrays.copyOf(src, Math.min(src.length, settings.maxSourceLength()));
        int[] previous = new int[tgt.length + 1];
        previous[0] = Vocabulary.BOS_ID;
        System.arraycopy(tgt, 0, previous, 1, tgt.length);
        INDArray alpha = AttentionDecoder.weights(graph, TranslationNetwork.DECODER,
                new INDArray[] {sourceInput(src), sourceInput(previous)}, null, null);
        List<String> targetSymbols = new ArrayList<>();
        for (int id : tgt) {
            targetSymbols.add(target.vocabulary().token(id));
        }
        targetSymbols.add(Vocabulary.EOS);
        List<String> sourceSymbols = new ArrayList<>();
        for (int id : src) {
            sourceSymbols.add(source.vocabulary().token(id));
        }
        double[][] weights = new double[previous.length][src.length];
        for (int t = 0; t < previous.length; t++) {
            for (int j = 0; j < src.length; j++) {
                weights[t][j] = alpha.getDouble(0, t, j);
            }
        }
        return new AttentionMap(sourceSymbols, targetSymbols, weights);
    }

    @Override
    public Map<String, Object> render(String input, Translation output) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("translation", output.text());
        out.put("score", Math.round(output.score() * 10_000) / 10_000.0);
        if (decoding.nBest() > 1) {
            List<Map<String, Object>> nBest = new ArrayList<>();
            for (Translation.Candidate c : output.nBest()) {
                nBest.add(Map.of("translation", c.text(), "score", Math.round(c.score() * 10_000) / 10_000.0));
            }
            out.put("nbest", nBest);
        }
        if (output.truncated()) {
            out.put("truncated", true);
        }
        if (!output.unknown().isEmpty()) {
            out.put("unknown", output.unknown());
        }
        return out;
    }

    @Override
    public List<String> exampleLines() {
        return List.of("Datei nicht gefunden: %s", "ungültige Option %qs", "Das Haus ist klein.");
    }

    @Override
    public void addTo(ModelBundle.Writer bundle) throws IOException {
        bundle.network(graph).json(SETTINGS_FILE, settings);
        bundle.file(SOURCE_VOCAB, source.vocabulary()::save).file(TARGET_VOCAB, target.vocabulary()::save)
                .json(REPEATABLE_WORDS, new TreeSet<>(repeatableWords));
        if (!source.wordLevel()) {
            bundle.file(SOURCE_BPE, path -> java.nio.file.Files.writeString(path, source.bpe().toText()));
            bundle.file(TARGET_BPE, path -> java.nio.file.Files.writeString(path, target.bpe().toText()));
        }
    }

    /** Reads a translation bundle's model, decoding with {@link Decoding#DEFAULT}. */
    public static TranslationModel load(ModelBundle bundle) throws IOException {
        TranslationSettings settings = bundle.json(SETTINGS_FILE, TranslationSettings.class);
        SubwordCodec source = codec(bundle, settings, SOURCE_BPE, SOURCE_VOCAB);
        SubwordCodec target = codec(bundle, settings, TARGET_BPE, TARGET_VOCAB);
        // bundles from before the repeated-word guard have no list: no word may repeat
        Set<String> repeatable = bundle.info().files().containsKey(REPEATABLE_WORDS)
                ? Set.of(bundle.json(REPEATABLE_WORDS, String[].class)) : Set.of();
        return new TranslationModel(bundle.network(ComputationGraph.class), settings, source, target, repeatable,
                Decoding.DEFAULT);
    }

    private static SubwordCodec codec(ModelBundle bundle, TranslationSettings settings, String bpe, String vocabulary)
            throws IOException {
        BytePairEncoding merges = settings.wordVocabulary() ? null
                : BytePairEncoding.fromText(java.nio.file.Files.readString(bundle.file(bpe)));
        return new SubwordCodec(merges, Vocabulary.load(bundle.file(vocabulary)));
    }
}
