package org.seqlab.common.rnn;

import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDVertexParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Attention of decoder states (queries, [batch, queryFeatures, Tq]) over encoder states (keys, which are
 * also the values, [batch, keyFeatures, Tk]) for a ComputationGraph: {@code addVertex("att", vertex,
 * "decoder", "encoder")}. The output is the context per query step, [batch, keyFeatures, Tq]; masked
 * encoder steps get zero weight. Scores:
 * <ul>
 *   <li>{@link Score#ADDITIVE} (Bahdanau): {@code v^T tanh(W s + U h_j)}</li>
 *   <li>{@link Score#DOT} (Luong): {@code s^T h_j}, needs equal sizes, no parameters</li>
 *   <li>{@link Score#GENERAL} (Luong): {@code s^T W h_j}</li>
 * </ul>
 * With the decoder's state at step t as the query this is Luong's global attention; for Bahdanau's
 * arrangement, where the previous state is the query and the context feeds the recurrence, see
 * {@link BahdanauDecoderVertex}. {@link #weights} returns the alphas for heat maps.
 * <p>
 * The configuration extends {@link SameDiffVertex} for its parameter and updater plumbing (the graph
 * builder applies global settings to it), but the vertex itself is computed by hand in
 * {@link AttentionGraphVertex}: DL4J 1.0.0-M2.1's SameDiff vertex returns doubled input gradients, which
 * its gradient checks expose.
 */
public class AttentionVertex extends SameDiffVertex {
    /** The scoring function. */
    public enum Score { ADDITIVE, DOT, GENERAL }

    private Score score;
    private long querySize;
    private long keySize;
    private long attentionSize;

    /** For JSON deserialisation. */
    public AttentionVertex() {
    }

    /**
     * @param attentionSize width of the hidden layer of additive scoring (ignored by DOT and GENERAL)
     */
    public AttentionVertex(Score score, long querySize, long keySize, long attentionSize) {
        if (score == Score.DOT && querySize != keySize) {
            throw new IllegalArgumentException("dot attention needs equal query and key sizes, got " + querySize + " and " + keySize);
        }
        if (querySize < 1 || keySize < 1 || (score == Score.ADDITIVE && attentionSize < 1)) {
            throw new IllegalArgumentException("attention sizes must be positive");
        }
        this.score = score;
        this.querySize = querySize;
        this.keySize = keySize;
        this.attentionSize = attentionSize;
    }

    public Score getScore() {
        return score;
    }

    public long getQuerySize() {
        return querySize;
    }

    public long getKeySize() {
        return keySize;
    }

    public long getAttentionSize() {
        return attentionSize;
    }

    @Override
    public AttentionVertex clone() {
        return HandWrittenVertex.withSettingsOf(this, new AttentionVertex(score, querySize, keySize, attentionSize));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttentionVertex a && super.equals(o) && score == a.score && querySize == a.querySize
                && keySize == a.keySize && attentionSize == a.attentionSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), score, querySize, keySize, attentionSize);
    }

    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.defineInputs("queries", "keys");
        switch (score) {
            case ADDITIVE -> {
                params.addWeightParam("Wq", querySize, attentionSize);
                params.addWeightParam("Wk", keySize, attentionSize);
                params.addWeightParam("v", 1, attentionSize);
            }
            case GENERAL -> params.addWeightParam("W", querySize, keySize);
            case DOT -> {
                // parameter-free
            }
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.values().forEach(HandWrittenVertex::xavier);
    }

    /** Not used: {@link #instantiate} builds the hand-written vertex. */
    @Override
    public SDVariable defineVertex(SameDiff sd, Map<String, SDVariable> inputs, Map<String, SDVariable> params,
                                   Map<String, SDVariable> masks) {
        throw new UnsupportedOperationException("AttentionVertex is computed by AttentionGraphVertex, not SameDiff");
    }

    @Override
    public GraphVertex instantiate(ComputationGraph graph, String name, int idx, INDArray paramsView,
                                   boolean initializeParams, DataType networkDatatype) {
        return new AttentionGraphVertex(this, graph, name, idx, paramsView, initializeParams, networkDatatype);
    }

    /**
     * The attention weights alpha[b, i, j] (query step i over key step j) that a vertex with these
     * parameters assigns, for heat maps: {@code params} is {@code graph.getVertex(name).paramTable(false)},
     * queries and keys are the activations feeding the vertex, {@code keyMask} may be null.
     */
    public INDArray weights(Map<String, INDArray> params, INDArray queries, INDArray keys, INDArray keyMask) {
        return AttentionGraphVertex.attend(this, params, queries, keys, keyMask).alpha();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... inputs) {
        InputType.InputTypeRecurrent queries = (InputType.InputTypeRecurrent) inputs[0];
        return InputType.recurrent(keySize, queries.getTimeSeriesLength());
    }
}
