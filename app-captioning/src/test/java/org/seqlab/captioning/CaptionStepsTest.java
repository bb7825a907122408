package org.seqlab.captioning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.common.decode.BeamSearch;
import org.seqlab.common.decode.Hypothesis;
import org.seqlab.common.decode.StepModel;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.text.Vocabulary;

/**
 * The captioner's decoding steps (image part once, decoder one token at a time, a one-step output layer) must find
 * the captions and scores that a beam search finds when every step re-reads each row's whole prefix through the
 * graph's own {@code output()}: with and without attention, alone and in a batch of images.
 */
class CaptionStepsTest {
    private static final int BEAM = 3;

    private static CaptionModel model(String attention) throws IOException {
        List<List<String>> words = new ArrayList<>();
        for (String colour : ToyShapes.COLOURS.keySet()) {
            for (String shape : ToyShapes.SHAPES) {
                words.add(List.of("a", colour, shape, "on", "the", "left"));
            }
        }
        Vocabulary vocabulary = Vocabulary.build(words, 1, 0);
        CaptionSettings settings = ToyShapes.settings(attention, CellType.LSTM);
        ComputationGraph graph = CaptionNetwork.build(settings, vocabulary.size(), ToyShapes.training(1));
        // the decoder's parameters, biases too (initialised to 0), moved off their initial values
        for (org.deeplearning4j.nn.api.Layer layer : graph.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (name.startsWith(CaptionNetwork.DECODER) || name.equals("embed") || name.equals(CaptionNetwork.FEATURE)) {
                layer.paramTable().values().forEach(p -> p.addi(Nd4j.rand(DataType.FLOAT, p.shape()).subi(0.5)));
            }
        }
        return new CaptionModel(graph, vocabulary, settings, BEAM, BEAM, CaptionModel.DEFAULT_LENGTH_ALPHA);
    }

    /** The same decoding rules as the captioner's step model, each step computed over the whole prefix. */
    private static StepModel rereading(CaptionModel model, float[] pixels) {
        INDArray image = model.imageArray(pixels);
        return new StepModel() {
            private List<List<Integer>> prefixes;

            @Override
            public int vocabularySize() {
                return model.vocabulary().size();
            }

            @Override
            public void start(int rows) {
                prefixes = new ArrayList<>();
                for (int r = 0; r < rows; r++) {
                    prefixes.add(new ArrayList<>());
                }
            }

            @Override
            public float[][] step(int[] tokens) {
                float[][] out = new float[tokens.length][];
                for (int r = 0; r < tokens.length; r++) {
                    prefixes.get(r).add(tokens[r]);
                    List<Integer> prefix = prefixes.get(r);
                    INDArray input = Nd4j.create(DataType.FLOAT, 1, 1, prefix.size());
                    for (int t = 0; t < prefix.size(); t++) {
                        input.putScalar(0, 0, t, prefix.get(t));
                    }
                    INDArray p = model.graph().output(false, image, input)[0];
                    float[] row = new float[vocabularySize()];
                    for (int v = 0; v < row.length; v++) {
                        row[v] = (float) Math.log(p.getDouble(0, v, prefix.size() - 1));
                    }
                    row[Vocabulary.PAD_ID] = Float.NEGATIVE_INFINITY;
                    row[Vocabulary.UNK_ID] = Float.NEGATIVE_INFINITY;
                    row[Vocabulary.BOS_ID] = Float.NEGATIVE_INFINITY;
                    if (prefix.size() == 1) {
                        row[Vocabulary.EOS_ID] = Float.NEGATIVE_INFINITY;
                    }
                    out[r] = row;
                }
                return out;
            }

            @Override
            public void select(int[] rows) {
                List<List<Integer>> kept = new ArrayList<>();
                for (int r : rows) {
                    kept.add(new ArrayList<>(prefixes.get(r)));
                }
                prefixes = kept;
            }
        };
    }

    private static void assertSameCaptions(String attention) throws IOException {
        Nd4j.getRandom().setSeed(4);
        CaptionModel model = model(attention);
        List<CaptionModel.Image> images = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            images.add(model.image("picture " + i, ToyShapes.draw(i == 1 ? "red" : "green",
                    ToyShapes.SHAPES.get(i), 6 + 4 * i, 12, 8)));
        }
        List<List<Hypothesis>> batch = model.predict(images);
        for (int i = 0; i < images.size(); i++) {
            float[] pixels = images.get(i).pixels();
            List<Hypothesis> expected = new BeamSearch(BEAM, CaptionModel.DEFAULT_LENGTH_ALPHA,
                    model.settings().maxLength(), BEAM).decode(rereading(model, pixels), Vocabulary.BOS_ID, Vocabulary.EOS_ID);
            for (List<Hypothesis> actual : List.of(model.predict(List.of(images.get(i))).get(0), batch.get(i))) {
                assertEquals(expected.size(), actual.size(), attention + " image " + i);
                for (int k = 0; k < expected.size(); k++) {
                    assertEquals(expected.get(k).tokens(), actual.get(k).tokens(), attention + " image " + i + " caption " + k);
                    assertEquals(expected.get(k).logProb(), actual.get(k).logProb(), 1e-4, attention + " image " + i);
                }
            }
        }
    }

    @Test
    void stepsFindWhatRereadingThePrefixFinds() throws IOException {
        assertSameCaptions("none");
    }

    @Test
    void stepsWithAttentionFindWhatRereadingThePrefixFinds() throws IOException {
        assertSameCaptions("soft");
    }
}
