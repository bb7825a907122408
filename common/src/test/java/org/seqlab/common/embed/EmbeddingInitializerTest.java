package org.seqlab.common.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.text.Vocabulary;

class EmbeddingInitializerTest {
    private static final WordVectors VECTORS = WordVectors.of(
            List.of("cat", "dog", "the"),
            List.of(new float[] {1, 2, 3}, new float[] {4, 5, 6}, new float[] {7, 8, 9}));
    // "Dog" is found through its lower-case form, "zebra" is out of vocabulary
    private static final Vocabulary VOCAB = Vocabulary.build(List.of(List.of("the", "cat", "Dog", "zebra", "the")), 1, 0);

    @Test
    void copiesKnownRowsZeroesPadAndReportsCoverage() {
        EmbeddingInitializer.Result r = EmbeddingInitializer.weights(VOCAB, VECTORS, 1);
        INDArray w = r.weights();
        assertArrayEquals(new long[] {VOCAB.size(), 3}, w.shape());
        assertArrayEquals(new float[] {7, 8, 9}, w.getRow(VOCAB.id("the")).toFloatVector());
        assertArrayEquals(new float[] {1, 2, 3}, w.getRow(VOCAB.id("cat")).toFloatVector());
        assertArrayEquals(new float[] {4, 5, 6}, w.getRow(VOCAB.id("Dog")).toFloatVector());
        assertArrayEquals(new float[] {0, 0, 0}, w.getRow(Vocabulary.PAD_ID).toFloatVector());
        assertEquals(3, r.found());
        assertEquals(4, r.words());
        assertEquals(0.75, r.coverage(), 1e-12);
    }

    @Test
    void randomRowsDependOnlyOnTheSeed() {
        INDArray a = EmbeddingInitializer.weights(VOCAB, VECTORS, 1).weights();
        INDArray b = EmbeddingInitializer.weights(VOCAB, VECTORS, 1).weights();
        INDArray c = EmbeddingInitializer.weights(VOCAB, VECTORS, 2).weights();
        int zebra = VOCAB.id("zebra");
        assertEquals(a, b);
        assertNotEquals(0.0, a.getRow(zebra).norm2Number().doubleValue());
        assertNotEquals(a.getRow(zebra), c.getRow(zebra));
        assertNotEquals(a.getRow(Vocabulary.UNK_ID), a.getRow(zebra));
    }

    @Test
    void setsTheEmbeddingLayerOfAMultiLayerNetwork() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(VOCAB.size()).nOut(3).build())
                .layer(new GlobalPoolingLayer())
                .layer(new OutputLayer.Builder().nIn(3).nOut(2).activation(Activation.SOFTMAX)
                        .lossFunction(LossFunctions.LossFunction.MCXENT).build())
                .build());
        // no setInputType: it would re-infer the embedding's nIn from the [batch, 1, time] index input
        net.init();
        INDArray w = EmbeddingInitializer.weights(VOCAB, VECTORS, 1).weights();
        EmbeddingInitializer.apply(net, 0, w);
        assertEquals(w, net.getLayer(0).getParam("W"));
        // the layer reads the new rows: one step holding "cat" embeds to cat's vector
        INDArray catInput = Nd4j.createFromArray(new float[][] {{VOCAB.id("cat")}});
        INDArray embedded = net.feedForwardToLayer(0, catInput).get(1);
        assertArrayEquals(new float[] {1, 2, 3}, embedded.reshape(3).toFloatVector());

        INDArray wrongShape = Nd4j.zeros(VOCAB.size() + 1, 3);
        assertThrows(BadInputException.class, () -> EmbeddingInitializer.apply(net, 0, wrongShape));
    }

    @Test
    void setsTheEmbeddingLayerOfAComputationGraph() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(3).graphBuilder()
                .addInputs("in")
                .addLayer("embed", new EmbeddingSequenceLayer.Builder().nIn(VOCAB.size()).nOut(3).build(), "in")
                .addLayer("pool", new GlobalPoolingLayer(), "embed")
                .addLayer("out", new OutputLayer.Builder().nIn(3).nOut(2).activation(Activation.SOFTMAX)
                        .lossFunction(LossFunctions.LossFunction.MCXENT).build(), "pool")
                .setOutputs("out")
                .build());
        graph.init();
        INDArray w = EmbeddingInitializer.weights(VOCAB, VECTORS, 1).weights();
        EmbeddingInitializer.apply(graph, "embed", w);
        assertEquals(w, graph.getLayer("embed").getParam("W"));
        assertThrows(IllegalStateException.class, () -> EmbeddingInitializer.apply(graph, "nope", w));
    }
}
