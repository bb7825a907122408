package org.seqlab.tagger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.seqlab.common.app.TaskModel;
import org.seqlab.common.app.TaskModelLoader;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.Json;
import org.seqlab.common.metrics.Spans;
import org.seqlab.common.rnn.CrfOutputLayer;
import org.seqlab.common.text.TokenizerKind;
import org.seqlab.common.text.Vocabulary;

/**
 * A trained tagger: tokenises a sentence (with the tokenizer it was trained for, or on whitespace when the input
 * is pre-tokenised) and tags every token, batch by batch, with each chosen tag's probability.
 */
public final class TaggerModel implements TaskModel<List<String>, Tagging> {
    public static final String TASK = "tagger";
    static final String CONFIG = "tagger.json";
    static final String WORDS = "words.json";
    static final String PRETRAINED_WORDS = "pretrained-words.json";
    static final String PRETRAINED_VECTORS = "pretrained-vectors.f16";
    static final String CHARACTERS = "characters.json";
    static final String TRAINING_WORDS = "training-words.json";
    /** A longer sentence is refused rather than tagged in one huge batch. */
    static final int MAX_TOKENS = 1000;

    private final ComputationGraph network;
    private final TaggerEncoder encoder;
    private final TokenizerKind tokenizer;
    private final boolean pretokenized;
    private final Decoding decoding;

    /** How tags are chosen from a CRF's output; a softmax tagger has only each token's most probable tag. */
    public enum Decoding {
        /** Viterbi for a CRF on BIO tags (a span must begin with B-), posterior otherwise. */
        AUTO,
        /** Each token's tag of highest marginal probability: the most tokens right on average (token accuracy). */
        POSTERIOR,
        /** The CRF's single best tag sequence: never a transition it has ruled out. */
        VITERBI;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public TaggerModel(ComputationGraph network, TaggerEncoder encoder, TokenizerKind tokenizer, boolean pretokenized) {
        this(network, encoder, tokenizer, pretokenized, Decoding.AUTO);
    }

    private TaggerModel(ComputationGraph network, TaggerEncoder encoder, TokenizerKind tokenizer, boolean pretokenized,
                        Decoding decoding) {
        this.network = network;
        this.encoder = encoder;
        this.tokenizer = tokenizer;
        this.pretokenized = pretokenized;
        if (decoding == Decoding.VITERBI && !encoder.settings().crf()) {
            throw new BadInputException("Viterbi decoding needs a CRF output layer; this tagger has a softmax per token "
                    + "(trained with --no-crf)");
        }
        this.decoding = decoding != Decoding.AUTO ? decoding
                : encoder.settings().crf() && Spans.isBio(encoder.tags()) ? Decoding.VITERBI : Decoding.POSTERIOR;
    }

    /** What {@code tagger.json} holds besides the vocabularies. */
    record Config(TaggerSettings settings, List<String> tags, TokenizerKind tokenizer) {
    }

    public static TaggerModel load(ModelBundle bundle, boolean pretokenized) throws IOException {
        Config config = bundle.json(CONFIG, Config.class);
        Vocabulary words = Vocabulary.load(bundle.file(WORDS));
        FrozenVectors pretrained = null;
        if (bundle.info().files().containsKey(PRETRAINED_WORDS)) {
            if (!bundle.info().files().containsKey(PRETRAINED_VECTORS)) {
                // before the vectors were an input, they were a frozen layer of the network: another graph
                throw new BadInputException(bundle.dir() + " is a tagger bundle of an older SeqLab (no "
                        + PRETRAINED_VECTORS + "); train it again");
            }
            pretrained = FrozenVectors.load(Vocabulary.load(bundle.file(PRETRAINED_WORDS)), bundle.file(PRETRAINED_VECTORS));
        }
        Vocabulary characters = Vocabulary.load(bundle.file(CHARACTERS));
        String[] training = Json.read(bundle.file(TRAINING_WORDS), String[].class);
        TaggerEncoder encoder = new TaggerEncoder(config.settings(), words, pretrained, characters, config.tags(),
                Set.of(training));
        return new TaggerModel(bundle.network(ComputationGraph.class), encoder, config.tokenizer(), pretokenized);
    }

    /** The same model reading its input as whitespace-separated tokens (or with its tokenizer). */
    public TaggerModel pretokenized(boolean value) {
        return new TaggerModel(network, encoder, tokenizer, value, decoding);
    }

    /** The same model choosing tags this way (AUTO: by its output layer and tags). */
    public TaggerModel decoding(Decoding value) {
        return new TaggerModel(network, encoder, tokenizer, pretokenized, value);
    }

    /** How this model chooses tags: POSTERIOR or VITERBI, never AUTO. */
    public Decoding decoding() {
        return decoding;
    }

    public ComputationGraph network() {
        return network;
    }

    public TaggerEncoder encoder() {
        return encoder;
    }

    public TokenizerKind tokenizer() {
        return tokenizer;
    }

    @Override
    public String task() {
        return TASK;
    }

    @Override
    public String inputName() {
        return "text";
    }

    @Override
    public List<String> parse(String line) {
        List<String> tokens = pretokenized ? Arrays.stream(line.strip().split("\\s+")).filter(t -> !t.isEmpty()).toList()
                : tokenizer.tokenizer().tokenize(line);
        if (tokens.isEmpty()) {
            throw new BadInputException("no tokens in this line");
        }
        if (tokens.size() > MAX_TOKENS) {
            throw new BadInputException("sentence of " + tokens.size() + " tokens; at most " + MAX_TOKENS
                    + " are tagged at once (split it into sentences)");
        }
        return tokens;
    }

    @Override
    public int length(List<String> input) {
        return input.size();
    }

    @Override
    public List<Tagging> predict(List<List<String>> inputs) {
        if (inputs.isEmpty()) {
            return List.of();
        }
        MultiDataSet batch = encoder.batch(inputs, null);
        // the words' mask as the label mask too: a CRF output layer links only the real words of a padded sentence
        INDArray[] labelMasks = {batch.getFeaturesMaskArray(0)};
        INDArray probabilities;
        int[][] paths = null;
        if (decoding == Decoding.VITERBI) {
            network.setLayerMaskArrays(batch.getFeaturesMaskArrays(), labelMasks);
            Map<String, INDArray> activations = network.feedForward(batch.getFeatures(), false, true);
            network.clearLayerMaskArrays();
            probabilities = activations.get(TaggerNetwork.OUTPUT);
            String below = network.getConfiguration().getVertexInputs().get(TaggerNetwork.OUTPUT).get(0);
            paths = ((CrfOutputLayer) network.getLayer(TaggerNetwork.OUTPUT)).viterbi(activations.get(below), labelMasks[0]);
        } else {
            probabilities = network.output(false, batch.getFeatures(), batch.getFeaturesMaskArrays(), labelMasks)[0];
        }
        List<String> tags = encoder.tags();
        List<Tagging> out = new ArrayList<>(inputs.size());
        int k = tags.size();
        for (int i = 0; i < inputs.size(); i++) {
            int n = inputs.get(i).size();
            // [k, T] for this sentence, copied once into a Java array
            float[] p = probabilities.slice(i).dup('c').data().asFloat();
            int steps = p.length / k;
            List<String> chosen = new ArrayList<>(n);
            double[] chosenP = new double[n];
            for (int t = 0; t < n; t++) {
                int best = paths != null ? paths[i][t] : mostProbable(p, steps, t, k);
                chosen.add(tags.get(best));
                chosenP[t] = p[best * steps + t];
            }
            out.add(new Tagging(chosen, chosenP));
        }
        return out;
    }

    /** The tag of highest probability at step t of a sentence's [tags, steps] probabilities. */
    private static int mostProbable(float[] p, int steps, int t, int tags) {
        int best = 0;
        for (int c = 1; c < tags; c++) {
            if (p[c * steps + t] > p[best * steps + t]) {
                best = c;
            }
        }
        return best;
    }

    /** Tags sentences of any number in batches of {@code batchSize}, sorted by length so that batches pad little. */
    public List<Tagging> tagAll(List<List<String>> sentences, int batchSize) {
        Integer[] order = new Integer[sentences.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(sentences.get(a).size(), sentences.get(b).size()));
        Tagging[] out = new Tagging[sentences.size()];
        for (int from = 0; from < order.length; from += batchSize) {
            List<Integer> slice = Arrays.asList(order).subList(from, Math.min(order.length, from + batchSize));
            List<Tagging> tagged = predict(slice.stream().map(sentences::get).toList());
            for (int j = 0; j < slice.size(); j++) {
                out[slice.get(j)] = tagged.get(j);
            }
        }
        return Arrays.asList(out);
    }

    @Override
    public Map<String, Object> render(List<String> input, Tagging output) {
        List<Map<String, Object>> tokens = new ArrayList<>(input.size());
        for (int t = 0; t < input.size(); t++) {
            Map<String, Object> token = new LinkedHashMap<>();
            token.put("token", input.get(t));
            token.put("tag", output.tags().get(t));
            token.put("p", Math.round(output.probabilities()[t] * 10_000) / 10_000.0);
            tokens.add(token);
        }
        return Map.of("tokens", tokens);
    }

    @Override
    public List<String> exampleLines() {
        return List.of("The old man the boat .", "Time flies like an arrow .",
                "She said that the committee would meet again on Friday .");
    }

    @Override
    public void addTo(ModelBundle.Writer bundle) {
        if (encoder.pretrained() != null) {
            bundle.file(PRETRAINED_WORDS, encoder.pretrained().words()::save)
                    .file(PRETRAINED_VECTORS, encoder.pretrained()::save);
        }
        bundle.network(network)
                .json(CONFIG, new Config(encoder.settings(), encoder.tags(), tokenizer))
                .file(WORDS, encoder.words()::save)
                .file(CHARACTERS, encoder.characters()::save)
                .json(TRAINING_WORDS, encoder.trainingWords().stream().sorted().toList());
    }

    /** Finds tagger bundles for {@code seqlab bench} and other task-generic commands. */
    public static final class Loader implements TaskModelLoader {
        @Override
        public String task() {
            return TASK;
        }

        @Override
        public TaskModel<?, ?> load(ModelBundle bundle) throws IOException {
            return TaggerModel.load(bundle, false);
        }
    }
}
