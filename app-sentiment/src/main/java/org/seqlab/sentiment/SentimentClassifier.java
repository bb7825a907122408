package org.seqlab.sentiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.common.app.TaskModel;
import org.seqlab.common.app.TaskModelLoader;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.text.SequenceBatch;
import org.seqlab.common.text.SequenceEncoder;
import org.seqlab.common.text.Vocabulary;

/**
 * A trained sentiment model: the network plus the text pipeline, vocabulary and labels it was trained
 * with. Immutable; loads from and saves into a {@link ModelBundle}; the framework's {@link TaskModel} for
 * the {@code sentiment} task.
 */
public final class SentimentClassifier implements TaskModel<SentimentClassifier.Encoded, SentimentClassifier.Prediction> {
    public static final String TASK = "sentiment";
    static final String VOCABULARY_FILE = "vocabulary.json";
    static final String SETTINGS_FILE = "settings.json";
    static final String LABELS_FILE = "labels.json";
    /** Texts are cut to this many characters before tokenising, so one huge line cannot stall prediction. */
    static final int MAX_CHARACTERS = 100_000;
    private static final int PREDICT_BATCH = 128;
    static final String EXAMPLE = "The battery died after a day, and nobody at the store would replace it.";
    /** Smaller batches would cost more in per-step overhead than padding saves. */
    private static final int MIN_BATCH = 16;

    private final MultiLayerNetwork network;
    private final Vocabulary vocabulary;
    private final SentimentSettings settings;
    private final List<String> labels;

    SentimentClassifier(MultiLayerNetwork network, Vocabulary vocabulary, SentimentSettings settings, List<String> labels) {
        this.network = network;
        this.vocabulary = vocabulary;
        this.settings = settings;
        this.labels = List.copyOf(labels);
    }

    /** One prediction: the label, each label's probability, and whether the text was cut to fit. */
    public record Prediction(String label, int labelIndex, double[] probabilities, int tokens, boolean truncated) {
        public double confidence() {
            return probabilities[labelIndex];
        }
    }

    /** A text as the network sees it: ids (at least one: empty text becomes the unknown token). */
    public record Encoded(int[] ids, boolean truncated) {
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
    public Encoded parse(String line) {
        return encode(line);
    }

    @Override
    public int length(Encoded input) {
        return input.ids().length;
    }

    @Override
    public List<Prediction> predict(List<Encoded> inputs) {
        return predictEncoded(inputs);
    }

    @Override
    public Map<String, Object> render(Encoded input, Prediction prediction) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("label", prediction.label());
        Map<String, Double> probabilities = new LinkedHashMap<>();
        for (int c = 0; c < prediction.probabilities().length; c++) {
            probabilities.put(labels.get(c), Math.round(prediction.probabilities()[c] * 1e6) / 1e6);
        }
        out.put("probabilities", probabilities);
        if (prediction.truncated()) {
            out.put("truncated", true);
        }
        return out;
    }

    @Override
    public List<String> exampleLines() {
        return List.of(EXAMPLE);
    }

    public List<String> labels() {
        return labels;
    }

    public SentimentSettings settings() {
        return settings;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    MultiLayerNetwork network() {
        return network;
    }

    Encoded encode(String text) {
        boolean cut = text.length() > MAX_CHARACTERS;
        // one token past the limit tells a cut text from one that just fits, without tokenising all of it
        List<String> tokens = settings.pipeline().apply(cut ? text.substring(0, MAX_CHARACTERS) : text,
                settings.maxLength() + 1);
        int[] ids = vocabulary.encode(tokens, false);
        boolean truncated = cut || ids.length > settings.maxLength();
        if (ids.length > settings.maxLength()) {
            ids = Arrays.copyOf(ids, settings.maxLength());
        }
        return new Encoded(ids.length == 0 ? new int[] {Vocabulary.UNK_ID} : ids, truncated);
    }

    /** A training or evaluation batch: index features, mask and one-hot labels. */
    static MultiDataSet batch(List<int[]> ids, int[] labelIndices, int classes) {
        SequenceBatch seq = SequenceEncoder.indices(ids, 0);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, ids.size(), classes);
        for (int i = 0; i < labelIndices.length; i++) {
            labels.putScalar(i, labelIndices[i], 1f);
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {seq.features()}, new INDArray[] {labels},
                new INDArray[] {seq.mask()}, null);
    }

    public Prediction classify(String text) {
        return classify(List.of(text)).get(0);
    }

    public List<Prediction> classify(List<String> texts) {
        List<Encoded> encoded = new ArrayList<>(texts.size());
        texts.forEach(t -> encoded.add(encode(t)));
        return predictEncoded(encoded);
    }

    List<Prediction> predictEncoded(List<Encoded> encoded) {
        // shortest first, cut into batches of similar lengths: padded steps cost as much as real ones
        Integer[] order = new Integer[encoded.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(encoded.get(a).ids().length, encoded.get(b).ids().length));
        Prediction[] out = new Prediction[encoded.size()];
        int start = 0;
        while (start < order.length) {
            int end = batchEnd(encoded, order, start);
            List<int[]> ids = new ArrayList<>(end - start);
            for (int k = start; k < end; k++) {
                ids.add(encoded.get(order[k]).ids());
            }
            SequenceBatch batch = SequenceEncoder.indices(ids, 0);
            INDArray probabilities = network.output(batch.features(), false, batch.mask(), null);
            for (int k = start; k < end; k++) {
                double[] p = probabilities.getRow(k - start).toDoubleVector();
                int best = 0;
                for (int c = 1; c < p.length; c++) {
                    if (p[c] > p[best]) {
                        best = c;
                    }
                }
                Encoded e = encoded.get(order[k]);
                out[order[k]] = new Prediction(labels.get(best), best, p, e.ids().length, e.truncated());
            }
            start = end;
        }
        return Arrays.asList(out);
    }

    /**
     * Where the batch starting at {@code start} of the length-sorted {@code order} ends: at most
     * {@link #PREDICT_BATCH} texts, and once it has {@link #MIN_BATCH}, no text that would make the padding
     * exceed a quarter of the real tokens (a batch costs its size times its longest text).
     */
    private static int batchEnd(List<Encoded> encoded, Integer[] order, int start) {
        long tokens = 0;
        int end = start;
        while (end < order.length && end - start < PREDICT_BATCH) {
            int length = encoded.get(order[end]).ids().length;
            long padded = (long) (end - start + 1) * length;
            if (end - start >= MIN_BATCH && padded > 1.25 * (tokens + length)) {
                break;
            }
            tokens += length;
            end++;
        }
        return end;
    }

    @Override
    public void addTo(ModelBundle.Writer writer) {
        writer.network(network)
                .file(VOCABULARY_FILE, vocabulary::save)
                .json(SETTINGS_FILE, settings)
                .json(LABELS_FILE, labels);
    }

    public static SentimentClassifier load(Path bundlePath) throws IOException {
        return load(ModelBundle.load(bundlePath, TASK));
    }

    /** Reads sentiment bundles for {@link org.seqlab.common.app.TaskModels}. */
    public static final class Loader implements TaskModelLoader {
        @Override
        public String task() {
            return TASK;
        }

        @Override
        public SentimentClassifier load(ModelBundle bundle) throws IOException {
            return SentimentClassifier.load(bundle);
        }
    }

    static SentimentClassifier load(ModelBundle bundle) throws IOException {
        MultiLayerNetwork network = bundle.network(MultiLayerNetwork.class);
        Vocabulary vocabulary = Vocabulary.load(bundle.file(VOCABULARY_FILE));
        SentimentSettings settings = bundle.json(SETTINGS_FILE, SentimentSettings.class);
        String[] labels = bundle.json(LABELS_FILE, String[].class);
        return new SentimentClassifier(network, vocabulary, settings, List.of(labels));
    }
}
