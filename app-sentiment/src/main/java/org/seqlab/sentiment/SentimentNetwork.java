package org.seqlab.sentiment;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.seqlab.common.train.TrainSettings;
import org.seqlab.common.rnn.RecurrentStack;
import org.seqlab.common.rnn.TrainingConfigs;

/** The many-to-one classifier: embedding → recurrent stack → pooling over time → softmax. */
final class SentimentNetwork {
    private SentimentNetwork() {
    }

    /**
     * @param initialEmbeddings [vocabulary, embeddingDim] weights to start from, or null for random
     */
    static MultiLayerNetwork build(SentimentSettings s, int vocabularySize, int classes, TrainSettings training,
                                   INDArray initialEmbeddings) {
        NeuralNetConfiguration.Builder global = TrainingConfigs.builder(training);
        EmbeddingSequenceLayer.Builder embedding = new EmbeddingSequenceLayer.Builder()
                .nIn(vocabularySize).nOut(s.embeddingDim()).inferInputLength(true).hasBias(false);
        if (s.freezeEmbeddings()) {
            embedding.updater(new NoOp());
        }
        NeuralNetConfiguration.ListBuilder list = global.list().layer(embedding.build());
        RecurrentStack.Spec spec = new RecurrentStack.Spec(s.cell(), s.hidden(), s.layers(), s.dropout(),
                s.bidirectional(), Bidirectional.Mode.CONCAT);
        List<Layer> recurrent = RecurrentStack.manyToOne(spec, s.embeddingDim(), s.pooling());
        recurrent.forEach(list::layer);
        OutputLayer.Builder output = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(spec.outputSize()).nOut(classes).activation(Activation.SOFTMAX);
        if (s.dropout() > 0) {
            // also between the pooled sentence vector and the classifier: with one recurrent layer this is
            // the only place --dropout can act (DL4J's dropOut takes the probability of keeping)
            output.dropOut(1 - s.dropout());
        }
        list.layer(output.build());
        TrainingConfigs.apply(list, training);
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        if (initialEmbeddings != null) {
            net.getLayer(0).setParam("W", initialEmbeddings);
        }
        return net;
    }
}
