package org.seqlab.textgen;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.seqlab.common.rnn.RecurrentStack;
import org.seqlab.common.rnn.SoftmaxOutput;
import org.seqlab.common.rnn.TrainingConfigs;

/**
 * The language model: characters one-hot (words through a learned embedding) → a stack of rnn/lstm/gru
 * layers → softmax over the vocabulary at every step, trained with truncated BPTT over {@code tbptt} steps.
 * Dropout, when set, drops inputs of layers 2..N and of the output layer, as in Karpathy's char-rnn.
 */
public final class TextGenNetwork {
    private TextGenNetwork() {
    }

    public static MultiLayerNetwork build(TextGenSettings settings, int vocabulary) {
        NeuralNetConfiguration.ListBuilder list = TrainingConfigs.builder(settings.training()).list();
        int index = 0;
        int nIn = vocabulary;
        if (settings.level() == Level.WORD) {
            list.layer(index++, new EmbeddingSequenceLayer.Builder().nIn(vocabulary).nOut(settings.embeddingDim())
                    .outputDataFormat(RNNFormat.NCW).build());
            nIn = settings.embeddingDim();
        }
        RecurrentStack.Spec spec = new RecurrentStack.Spec(settings.cell(), settings.hidden(), settings.layers(),
                settings.dropout(), false, Bidirectional.Mode.CONCAT);
        for (Layer layer : RecurrentStack.layers(spec, nIn)) {
            list.layer(index++, layer);
        }
        SoftmaxOutput output = SoftmaxOutput.sparse(settings.hidden(), vocabulary);
        if (settings.dropout() > 0) {
            // DL4J's Dropout takes the probability of keeping an activation
            output.setIDropout(new Dropout(1 - settings.dropout()));
        }
        list.layer(index, output);
        MultiLayerNetwork net = new MultiLayerNetwork(TrainingConfigs.apply(list, settings.training()).build());
        net.init();
        return net;
    }
}
