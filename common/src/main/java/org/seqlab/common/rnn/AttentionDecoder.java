package org.seqlab.common.rnn;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The decoder half of an encoder-decoder graph, shared by translation and captioning: attention over a
 * memory (encoder states or image regions, [batch, features, steps]) and a softmax over the target
 * vocabulary reading the decoder state and the context, in one of two {@link Arrangement}s; its labels are token
 * ids [batch, 1, steps] ({@link SoftmaxOutput}). Feed the
 * token input last in the graph's inputs to decode it with {@link org.seqlab.common.decode.GraphStepModel}.
 */
public final class AttentionDecoder {
    private AttentionDecoder() {
    }

    /** Where the attention sits relative to the decoder's recurrence. */
    public enum Arrangement {
        /**
         * Bahdanau et al. (2015): the previous state s_{t-1} is the query and the context enters the GRU's
         * input, in one {@link BahdanauDecoderVertex}; additive score, one GRU layer.
         */
        BAHDANAU,
        /**
         * Luong et al. (2015): a recurrent stack runs over the target tokens first and its state s_t is the
         * query of an {@link AttentionVertex}; any score, cell and depth.
         */
        LUONG
    }

    /**
     * As {@link #addTo(ComputationGraphConfiguration.GraphBuilder, String, String, int, String, int,
     * RecurrentStack.Spec, Arrangement, AttentionVertex.Score, int, int)} with Bahdanau's arrangement for the
     * additive score and Luong's for the multiplicative ones.
     */
    public static String addTo(ComputationGraphConfiguration.GraphBuilder graph, String prefix,
                               String tokens, int tokenFeatures, String memory, int memoryFeatures,
                               RecurrentStack.Spec decoder, AttentionVertex.Score score, int attentionSize, int vocabulary) {
        Arrangement arrangement = score == AttentionVertex.Score.ADDITIVE ? Arrangement.BAHDANAU : Arrangement.LUONG;
        return addTo(graph, prefix, tokens, tokenFeatures, memory, memoryFeatures, decoder, arrangement, score,
                attentionSize, vocabulary);
    }

    /**
     * Adds the decoder and returns the name of its output layer, {@code prefix + "out"}. Bahdanau adds
     * {@code prefix + "att"} (a {@link BahdanauDecoderVertex}); Luong adds {@code prefix + "rnn0".."rnnN-1"},
     * {@code prefix + "att"} (an {@link AttentionVertex}) and {@code prefix + "merge"}. Either way the output
     * layer reads [state; context].
     *
     * @param decoder a unidirectional stack (decoding steps it one token at a time); Bahdanau's arrangement
     *                needs a single GRU layer
     */
    public static String addTo(ComputationGraphConfiguration.GraphBuilder graph, String prefix,
                               String tokens, int tokenFeatures, String memory, int memoryFeatures,
                               RecurrentStack.Spec decoder, Arrangement arrangement, AttentionVertex.Score score,
                               int attentionSize, int vocabulary) {
        if (decoder.bidirectional()) {
            throw new IllegalArgumentException("a decoder cannot be bidirectional: it reads one token at a time");
        }
        String merged;
        switch (arrangement) {
            case BAHDANAU -> {
                if (score != AttentionVertex.Score.ADDITIVE || decoder.cell() != CellType.GRU || decoder.layers() != 1) {
                    throw new IllegalArgumentException("Bahdanau's arrangement needs the additive score and one GRU layer, got "
                            + score + " and " + decoder + "; use Luong's for the others");
                }
                merged = prefix + "att";
                graph.addVertex(merged, new BahdanauDecoderVertex(tokenFeatures, memoryFeatures, decoder.hidden(),
                        attentionSize), tokens, memory);
            }
            case LUONG -> {
                String states = RecurrentStack.addTo(graph, prefix + "rnn", tokens, decoder, tokenFeatures);
                graph.addVertex(prefix + "att", new AttentionVertex(score, decoder.outputSize(), memoryFeatures, attentionSize),
                        states, memory);
                merged = prefix + "merge";
                graph.addVertex(merged, new MergeVertex(), states, prefix + "att");
            }
            default -> throw new IllegalStateException("unknown arrangement " + arrangement);
        }
        graph.addLayer(prefix + "out", SoftmaxOutput.sparse(decoder.outputSize() + memoryFeatures, vocabulary), merged);
        return prefix + "out";
    }

    /**
     * The attention weights alpha[b, t, j] (target step t over memory step j) of a decoder added by
     * {@code addTo} with this prefix, from a teacher-forced pass over {@code inputs}, for heat maps.
     * {@code masks} are the graph's input masks (or null), the last one the target's; {@code memoryMask} is
     * the memory's (the source mask for a recurrent encoder, null for image regions).
     */
    public static INDArray weights(ComputationGraph graph, String prefix, INDArray[] inputs, INDArray[] masks,
                                   INDArray memoryMask) {
        Map<String, INDArray> acts;
        graph.setLayerMaskArrays(masks, null);
        try {
            acts = graph.feedForward(inputs, false, false);
        } finally {
            graph.clearLayerMaskArrays();
        }
        String name = prefix + "att";
        List<String> in = graph.getConfiguration().getVertexInputs().get(name);
        Map<String, INDArray> params = graph.getVertex(name).paramTable(false);
        INDArray tokensOrStates = acts.get(in.get(0));
        INDArray memory = acts.get(in.get(1));
        Object vertex = graph.getConfiguration().getVertices().get(name);
        if (vertex instanceof BahdanauDecoderVertex bahdanau) {
            return bahdanau.weights(params, tokensOrStates, memory, memoryMask, masks == null ? null : masks[masks.length - 1]);
        }
        if (vertex instanceof AttentionVertex luong) {
            return luong.weights(params, tokensOrStates, memory, memoryMask);
        }
        throw new IllegalArgumentException("no attention decoder under prefix " + prefix);
    }
}
