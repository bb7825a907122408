package org.seqlab.captioning;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.common.app.TaskModel;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.decode.BeamSearch;
import org.seqlab.common.decode.Decoders;
import org.seqlab.common.decode.GraphStepModel;
import org.seqlab.common.decode.Hypothesis;
import org.seqlab.common.decode.StepModel;
import org.seqlab.common.decode.TokenInput;
import org.seqlab.common.image.ImageLoader;
import org.seqlab.common.rnn.AttentionDecoder;
import org.seqlab.common.text.Vocabulary;

/**
 * A trained captioner: the caption graph, its vocabulary and settings. Describes an image with beam search
 * ({@code beam} 1 is greedy) and returns the {@code nBest} best captions with their log-probabilities.
 */
public final class CaptionModel implements TaskModel<CaptionModel.Image, List<Hypothesis>> {
    public static final String TASK = "captioning";
    static final String VOCABULARY_FILE = "vocabulary.json";
    static final String SETTINGS_FILE = "caption-settings.json";
    /** A test image kept in the bundle: the example input of {@code seqlab bench --model}. */
    static final String EXAMPLE_FILE = "example-image";
    /** Beam scores are divided by length^alpha; without it beam search favours captions cut short. */
    static final double DEFAULT_LENGTH_ALPHA = 0.7;

    /** A loaded image: its path as given and its normalised pixels. */
    public record Image(String path, float[] pixels) {
    }

    private final ComputationGraph graph;
    private final Vocabulary vocabulary;
    private final CaptionSettings settings;
    private final ImageLoader loader;
    private final int beam;
    private final int nBest;
    private final double lengthAlpha;
    private final Path example;

    CaptionModel(ComputationGraph graph, Vocabulary vocabulary, CaptionSettings settings, int beam, int nBest,
                 double lengthAlpha) {
        this(graph, vocabulary, settings, beam, nBest, lengthAlpha, null);
    }

    private CaptionModel(ComputationGraph graph, Vocabulary vocabulary, CaptionSettings settings, int beam, int nBest,
                         double lengthAlpha, Path example) {
        if (beam < 1 || nBest < 1 || nBest > beam) {
            throw new org.seqlab.common.error.BadInputException("--beam must be at least 1 and --nbest between 1 and "
                    + "--beam; got " + beam + " and " + nBest);
        }
        this.graph = graph;
        this.vocabulary = vocabulary;
        this.settings = settings;
        this.loader = settings.imageLoader();
        this.beam = beam;
        this.nBest = nBest;
        this.lengthAlpha = lengthAlpha;
        this.example = example;
    }

    /** The same model decoding with another beam, n-best or length normalisation. */
    CaptionModel withDecoding(int newBeam, int newNBest, double newLengthAlpha) {
        return new CaptionModel(graph, vocabulary, settings, newBeam, newNBest, newLengthAlpha, example);
    }

    /** The same model with an example image that {@link #addTo} copies into the bundle. */
    CaptionModel withExample(Path image) {
        return new CaptionModel(graph, vocabulary, settings, beam, nBest, lengthAlpha, image);
    }

    static CaptionModel load(ModelBundle bundle, int beam, int nBest, double lengthAlpha) throws IOException {
        ComputationGraph graph = bundle.network(ComputationGraph.class);
        Vocabulary vocabulary = Vocabulary.load(bundle.file(VOCABULARY_FILE));
        CaptionSettings settings = bundle.json(SETTINGS_FILE, CaptionSettings.class);
        Path example = bundle.dir().resolve(EXAMPLE_FILE);
        return new CaptionModel(graph, vocabulary, settings, beam, nBest, lengthAlpha,
                java.nio.file.Files.isRegularFile(example) ? example : null);
    }

    ComputationGraph graph() {
        return graph;
    }

    Vocabulary vocabulary() {
        return vocabulary;
    }

    CaptionSettings settings() {
        return settings;
    }

    ImageLoader loader() {
        return loader;
    }

    @Override
    public String task() {
        return TASK;
    }

    @Override
    public String inputName() {
        return "image";
    }

    @Override
    public Image parse(String line) {
        String path = line.strip();
        return new Image(path, loader.load(Path.of(path)));
    }

    /** A picture already in memory (drawn in a test, or read for a report). */
    Image image(String name, BufferedImage picture) {
        return new Image(name, loader.toArray(picture));
    }

    @Override
    public List<List<Hypothesis>> predict(List<Image> inputs) {
        List<List<Hypothesis>> out = new ArrayList<>(inputs.size());
        for (Image image : inputs) {
            out.add(describe(image.pixels(), beam, nBest));
        }
        return out;
    }

    /** Beam search (greedy when {@code beamWidth} is 1). */
    List<Hypothesis> describe(float[] pixels, int beamWidth, int best) {
        StepModel model = stepModel(pixels);
        if (beamWidth == 1) {
            return List.of(Decoders.greedy(model, Vocabulary.BOS_ID, Vocabulary.EOS_ID, settings.maxLength()));
        }
        return new BeamSearch(beamWidth, lengthAlpha, settings.maxLength(), best)
                .decode(model, Vocabulary.BOS_ID, Vocabulary.EOS_ID);
    }

    List<String> words(Hypothesis h) {
        List<String> out = new ArrayList<>(h.tokens().size());
        h.tokens().forEach(id -> out.add(vocabulary.token(id)));
        return out;
    }

    String text(Hypothesis h) {
        return CaptionText.join(words(h));
    }

    @Override
    public Map<String, Object> render(Image input, List<Hypothesis> output) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("caption", text(output.get(0)));
        answer.put("score", output.get(0).logProb());
        if (output.size() > 1 || nBest > 1) {
            List<Map<String, Object>> all = new ArrayList<>();
            for (Hypothesis h : output) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("caption", text(h));
                one.put("score", h.logProb());
                all.add(one);
            }
            answer.put("nbest", all);
        }
        return answer;
    }

    @Override
    public List<String> exampleLines() {
        return example == null ? List.of() : List.of(example.toString());
    }

    @Override
    public void addTo(ModelBundle.Writer bundle) {
        bundle.network(graph).json(SETTINGS_FILE, settings)
                .file(VOCABULARY_FILE, vocabulary::save);
        if (example != null) {
            bundle.file(EXAMPLE_FILE, target -> java.nio.file.Files.copy(example, target));
        }
    }

    /** One image as the graph's image input, [1, 3, S, S]. */
    INDArray imageArray(float[] pixels) {
        return Nd4j.create(pixels, new long[] {1, 3, loader.height(), loader.width()}, 'c');
    }

    /**
     * The decoder, ready to step for one image; special tokens other than the end are never generated (an
     * {@code <unk>} in a caption tells a user nothing), and the end not first: a caption has at least one word
     * (an undertrained model would otherwise answer many images with an empty caption).
     */
    StepModel stepModel(float[] pixels) {
        GraphStepModel inner = new GraphStepModel(graph, new INDArray[] {imageArray(pixels)}, vocabulary.size(),
                TokenInput.INDEX);
        return new StepModel() {
            private int steps;

            @Override
            public int vocabularySize() {
                return inner.vocabularySize();
            }

            @Override
            public void start(int rows) {
                inner.start(rows);
                steps = 0;
            }

            @Override
            public float[][] step(int[] tokens) {
                float[][] logProbs = inner.step(tokens);
                for (float[] row : logProbs) {
                    row[Vocabulary.PAD_ID] = Float.NEGATIVE_INFINITY;
                    row[Vocabulary.UNK_ID] = Float.NEGATIVE_INFINITY;
                    row[Vocabulary.BOS_ID] = Float.NEGATIVE_INFINITY;
                    if (steps == 0) {
                        row[Vocabulary.EOS_ID] = Float.NEGATIVE_INFINITY;
                    }
                }
                steps++;
                return logProbs;
            }

            @Override
            public void select(int[] rows) {
                inner.select(rows);
            }
        };
    }

    /** The image features ({@code feature} vertex, [n, F]) of a batch of images, for nearest-neighbour captions. */
    INDArray features(List<float[]> images) {
        int size = loader.width();
        INDArray batch = Nd4j.create(DataType.FLOAT, images.size(), 3, size, size);
        for (int i = 0; i < images.size(); i++) {
            batch.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)).assign(
                    Nd4j.create(images.get(i), new long[] {3, size, size}, 'c'));
        }
        INDArray tokens = Nd4j.zeros(DataType.FLOAT, images.size(), 1, 1);
        return graph.feedForward(new INDArray[] {batch, tokens}, false).get(CaptionNetwork.FEATURE).dup();
    }

    /**
     * The attention weights of a caption, [words + 1, regions] (the last row is the end token's), from a
     * teacher-forced pass over the caption; null for a model without attention.
     */
    double[][] attention(float[] pixels, Hypothesis caption) {
        if (!settings.softAttention()) {
            return null;
        }
        int steps = caption.tokens().size() + 1;
        INDArray tokens = Nd4j.zeros(DataType.FLOAT, 1, 1, steps);
        tokens.putScalar(0, 0, 0, Vocabulary.BOS_ID);
        for (int t = 0; t < caption.tokens().size(); t++) {
            tokens.putScalar(0, 0, t + 1, caption.tokens().get(t));
        }
        INDArray alpha = AttentionDecoder.weights(graph, CaptionNetwork.DECODER,
                new INDArray[] {imageArray(pixels), tokens}, null, null);
        double[][] out = new double[steps][];
        for (int t = 0; t < steps; t++) {
            out[t] = alpha.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(t),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).toDoubleVector();
        }
        return out;
    }
}
