package org.seqlab.common.rnn;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The decoder half of an encoder-decoder graph, shared by translation and captioning: a recurrent stack
 * over the previous target tokens, attention of its states over a memory (encoder states or image
 * regions, [batch, features, steps]), the state and the context concatenated, and a softmax over the
 * target vocabulary. Feed the token input last in the graph's inputs to decode it with
 * {@link org.seqlab.common.decode.GraphStepModel}.
 */
public final class AttentionDecoder {
    private AttentionDecoder() {
    }

    /**
     * Adds vertices {@code prefix + "rnn0".."rnnN-1"}, {@code prefix + "att"}, {@code prefix + "merge"} and
     * {@code prefix + "out"}; returns the name of the output layer.
     *
     * @param decoder a unidirectional stack (decoding steps it one token at a time)
     */
    public static String addTo(ComputationGraphConfiguration.GraphBuilder graph, String prefix,
                               String tokens, int tokenFeatures, String memory, int memoryFeatures,
                               RecurrentStack.Spec decoder, AttentionVertex.Score score, int attentionSize, int vocabulary) {
        if (decoder.bidirectional()) {
            throw new IllegalArgumentException("a decoder cannot be bidirectional: it reads one token at a time");
        }
        String states = RecurrentStack.addTo(graph, prefix + "rnn", tokens, decoder, tokenFeatures);
        graph.addVertex(prefix + "att", new AttentionVertex(score, decoder.outputSize(), memoryFeatures, attentionSize),
                states, memory);
        graph.addVertex(prefix + "merge", new MergeVertex(), states, prefix + "att");
        graph.addLayer(prefix + "out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX).nIn(decoder.outputSize() + memoryFeatures).nOut(vocabulary).build(),
                prefix + "merge");
        return prefix + "out";
    }
}
