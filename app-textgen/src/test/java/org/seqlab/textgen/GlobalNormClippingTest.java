package org.seqlab.textgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.train.TrainSettings;

class GlobalNormClippingTest {
    static final int VOCABULARY = 6;
    static final int ROWS = 3;
    static final int STEPS = 8;

    static TextGenSettings settings(int hidden) {
        return new TextGenSettings(Level.CHAR, 10_000, CellType.GRU, 2, hidden, 0.0, 16,
                new TrainSettings(1, ROWS, 7, 0.01, 1.0, 0, 5.0, 0, STEPS), 0, 0);
    }

    /** The network with the gradient of one window computed (not yet applied), and that window's token count. */
    static MultiLayerNetwork withGradient() {
        Random random = new Random(3);
        int[] text = new int[ROWS * STEPS + 1];
        for (int i = 0; i < text.length; i++) {
            text[i] = random.nextInt(VOCABULARY);
        }
        MultiDataSet window = new TextStreams(text, ROWS, STEPS, VOCABULARY, true).window(0, STEPS);
        MultiLayerNetwork net = TextGenNetwork.build(settings(8), VOCABULARY);
        net.setInput(window.getFeatures(0));
        net.setLabels(window.getLabels(0));
        net.computeGradientAndScore(LayerWorkspaceMgr.noWorkspaces());
        return net;
    }

    @Test
    void aGradientAboveTheNormIsScaledAsAWholeToThatNormPerToken() {
        MultiLayerNetwork net = withGradient();
        INDArray before = net.getFlattenedGradients().dup();
        double perToken = before.norm2Number().doubleValue() / (ROWS * STEPS);
        new GlobalNormClipping(perToken / 4).onGradientCalculation(net);
        INDArray after = net.getFlattenedGradients();
        assertEquals(perToken / 4, after.norm2Number().doubleValue() / (ROWS * STEPS), perToken * 1e-5);
        // one factor for every parameter of every layer: the direction of the step is kept (per-layer clipping
        // would scale each layer by its own factor)
        float[] a = before.toFloatVector();
        float[] b = after.toFloatVector();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i] / 4, b[i], 1e-6 + Math.abs(a[i]) * 1e-5, "parameter " + i);
        }
    }

    @Test
    void aGradientBelowTheNormIsLeftAlone() {
        MultiLayerNetwork net = withGradient();
        INDArray before = net.getFlattenedGradients().dup();
        double perToken = before.norm2Number().doubleValue() / (ROWS * STEPS);
        new GlobalNormClipping(perToken * 2).onGradientCalculation(net);
        assertEquals(before, net.getFlattenedGradients());
    }

    @Test
    void theTrainingModelClipsGloballyAndTheNetworkDoesNotClipPerLayer() {
        TextGenSettings settings = settings(8);
        CarriedStateModel model = new CarriedStateModel(TextGenNetwork.build(settings, VOCABULARY),
                TextGenNetwork.clipNorm(settings));
        assertTrue(model.network().getListeners().stream().anyMatch(l -> l instanceof GlobalNormClipping));
        for (Layer layer : model.network().getLayers()) {
            assertEquals(GradientNormalization.None, ((BaseLayer) layer.conf().getLayer()).getGradientNormalization());
        }
        // a network that DL4J fits on its own (Spark workers) keeps DL4J's per-layer clipping
        for (Layer layer : TextGenNetwork.build(settings, VOCABULARY, false).getLayers()) {
            assertEquals(GradientNormalization.ClipL2PerLayer,
                    ((BaseLayer) layer.conf().getLayer()).getGradientNormalization());
        }
    }

    @Test
    void everyWeightAndBiasStartsUniformInPlusMinusOneOverSqrtHiddenAsInPyTorch() {
        int hidden = 64;
        MultiLayerNetwork net = TextGenNetwork.build(settings(hidden), VOCABULARY);
        double bound = 1 / Math.sqrt(hidden);
        for (Layer layer : net.getLayers()) {
            for (var param : layer.paramTable().entrySet()) {
                float[] v = param.getValue().dup().data().asFloat();
                double sum = 0;
                double squares = 0;
                for (float x : v) {
                    assertTrue(Math.abs(x) <= bound, param.getKey() + " value " + x + " outside ±" + bound);
                    sum += x;
                    squares += x * x;
                }
                double mean = sum / v.length;
                double std = Math.sqrt(squares / v.length - mean * mean);
                // uniform(-b, b) has standard deviation b / sqrt(3); biases included (DL4J's default is zero); the
                // output layer's bias has too few values (the vocabulary) for a close estimate
                assertEquals(bound / Math.sqrt(3), std, bound * (v.length < 100 ? 0.3 : 0.1),
                        "layer " + layer.getIndex() + " " + param.getKey());
            }
        }
        assertEquals(net.params(), TextGenNetwork.build(settings(hidden), VOCABULARY).params(), "seeded");
    }
}
