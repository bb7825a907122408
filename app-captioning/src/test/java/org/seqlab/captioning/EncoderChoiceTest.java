package org.seqlab.captioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.text.Vocabulary;
import org.seqlab.common.train.TrainSettings;

/** Zoo and saved encoders with random weights (nothing is downloaded): graph construction and the feature path. */
class EncoderChoiceTest {
    static final int VOCAB = 12;

    @TempDir
    Path dir;

    private static CaptionSettings settings(String encoder, int size, boolean freeze, String attention) {
        return new CaptionSettings(encoder, "random", "", freeze, size, List.of(8), 16, CellType.LSTM, 16, 1, 8, 0.0,
                attention, 8, "none", 1, 4);
    }

    private static MultiDataSet batch(int size) {
        INDArray images = Nd4j.rand(DataType.FLOAT, 2, 3, size, size);
        INDArray tokens = Nd4j.zeros(DataType.FLOAT, 2, 1, 3);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 2, 1, 3);
        SplittableRandom random = new SplittableRandom(1);
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 3; t++) {
                tokens.putScalar(b, 0, t, 4 + random.nextInt(VOCAB - 4));
                labels.putScalar(b, 0, t, 4 + random.nextInt(VOCAB - 4));
            }
        }
        return new MultiDataSet(new INDArray[] {images, tokens}, new INDArray[] {labels});
    }

    private static TrainSettings training() {
        return new TrainSettings(1, 2, 3, 1e-2, 1.0, 0, 0, 0, 0);
    }

    private static Vocabulary vocabulary() {
        List<List<String>> captions = List.of(List.of("a", "b", "c", "d", "e", "f", "g", "h"));
        return Vocabulary.build(captions, 1, 0);
    }

    @Test
    void frozenVgg16FeedsTheDecoderAndKeepsItsWeights() throws IOException {
        CaptionSettings s = settings("vgg16", 32, true, "soft");
        ComputationGraph graph = CaptionNetwork.build(s, VOCAB, training());
        CaptionNetwork.Grid grid = CaptionNetwork.grid(graph, 32);
        // VGG16's five poolings leave 1x1 at 32 pixels, so the grid is the last convolution before them (2x2)
        assertEquals(512, grid.channels());
        assertEquals(4, grid.regions());
        String firstConv = graph.getConfiguration().getVertexInputs().entrySet().stream()
                .filter(e -> e.getValue().equals(List.of(CaptionNetwork.IMAGE))).findFirst().orElseThrow().getKey();
        INDArray encoderBefore = graph.getLayer(firstConv).params().dup();
        INDArray decoderBefore = graph.getLayer(CaptionNetwork.FEATURE).params().dup();
        graph.fit(batch(32));
        assertEquals(encoderBefore, graph.getLayer(firstConv).params(), "frozen encoder");
        assertNotEquals(decoderBefore, graph.getLayer(CaptionNetwork.FEATURE).params(), "the decoder trains");
        CaptionModel model = new CaptionModel(graph, vocabulary(), s, 2, 1, 0.7);
        float[] pixels = new float[3 * 32 * 32];
        assertEquals(1, model.describe(pixels, 2, 1).size());
        assertEquals(16, model.features(List.of(pixels)).size(1));
    }

    @Test
    void resnet50BuildsWithItsLastSpatialGrid() throws IOException {
        ComputationGraph graph = CaptionNetwork.build(settings("resnet50", 224, true, "none"), VOCAB, training());
        CaptionNetwork.Grid grid = CaptionNetwork.grid(graph, 224);
        assertEquals(2048, grid.channels());
        assertTrue(grid.regions() > 1, grid.toString());
        assertEquals(2, graph.getConfiguration().getNetworkInputs().size());
    }

    @Test
    void aSavedNetworkIsAnEncoderAndCanBeFineTuned() throws IOException {
        MultiLayerNetwork cnn = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder().kernelSize(2, 2).stride(2, 2).build())
                .layer(new OutputLayer.Builder().nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(16, 16, 3)).build());
        cnn.init();
        Path file = dir.resolve("cnn.zip");
        ModelSerializer.writeModel(cnn, file.toFile(), false);
        ComputationGraph graph = CaptionNetwork.build(settings(file.toString(), 16, false, "none"), VOCAB, training());
        assertEquals(4, CaptionNetwork.grid(graph, 16).channels());
        String conv = graph.getConfiguration().getVertexInputs().get(CaptionNetwork.grid(graph, 16).vertex()).get(0);
        assertEquals(cnn.getLayer(0).params(), graph.getLayer(conv).params(), "the saved weights are copied");
        INDArray before = graph.getLayer(conv).params().dup();
        graph.fit(batch(16));
        assertNotEquals(before, graph.getLayer(conv).params(), "fine-tuned");
        BadInputException e = assertThrows(BadInputException.class, () -> CaptionNetwork.build(
                settings(dir.resolve("nope.zip").toString(), 16, false, "none"), VOCAB, training()));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
