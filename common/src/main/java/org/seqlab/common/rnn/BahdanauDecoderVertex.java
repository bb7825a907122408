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
 * A GRU decoder with attention in Bahdanau's arrangement, for a ComputationGraph:
 * {@code addVertex("dec", vertex, "previousTokens", "memory")}, the previous target tokens' features
 * [batch, tokenSize, Tq] and the memory (encoder states or image regions) [batch, memorySize, Tk]. At
 * every target step t:
 * <pre>
 *   e_tj   = v^T tanh(Wq s_{t-1} + Wk h_j)        (masked memory steps get zero weight)
 *   alpha_t = softmax_j(e_tj),   c_t = sum_j alpha_tj h_j
 *   s_t    = gru(s_{t-1}, [y_{t-1}; c_t])         (the equations of {@link GRU})
 *   output = [s_t; c_t]                           [batch, hiddenSize + memorySize, Tq]
 * </pre>
 * so the query is the previous state and the context feeds the recurrence, unlike {@link AttentionVertex}
 * after a recurrent stack (Luong's arrangement). An {@code RnnOutputLayer} reading the output sees both
 * the state and the context, as Bahdanau's deep output does (without its maxout layer).
 * <p>
 * The initial state is {@code s_0 = tanh(Winit mean_j(h_j) + binit)}, the mean over the real (unmasked)
 * memory steps: Bahdanau initialises from the encoder, and a mean also serves memories with no "last"
 * step, such as image regions. At a masked target step the state is carried through and the output is
 * zero. The vertex is a {@link StatefulVertex}: {@link org.seqlab.common.decode.GraphStepModel} steps it
 * carrying s_{t-1} (reading the memory unmasked, one source per row), whereas DL4J's
 * {@code ComputationGraph.rnnTimeStep} would restart it from s_0 at every call. {@link #weights} returns
 * the alphas for heat maps. For Bahdanau's y_{t-1} term in the output, merge the token features into the
 * output layer's input.
 * <p>
 * Like {@link AttentionVertex}, the configuration extends {@link SameDiffVertex} for its parameter and
 * updater plumbing while {@link BahdanauGraphVertex} computes forward and backward by hand. Truncated
 * BPTT does not carry the state between segments: every forward pass starts from s_0.
 */
public class BahdanauDecoderVertex extends SameDiffVertex {
    private long tokenSize;
    private long memorySize;
    private long hiddenSize;
    private long attentionSize;

    /** For JSON deserialisation. */
    public BahdanauDecoderVertex() {
    }

    public BahdanauDecoderVertex(long tokenSize, long memorySize, long hiddenSize, long attentionSize) {
        if (tokenSize < 1 || memorySize < 1 || hiddenSize < 1 || attentionSize < 1) {
            throw new IllegalArgumentException("decoder sizes must be positive");
        }
        this.tokenSize = tokenSize;
        this.memorySize = memorySize;
        this.hiddenSize = hiddenSize;
        this.attentionSize = attentionSize;
    }

    public long getTokenSize() {
        return tokenSize;
    }

    public long getMemorySize() {
        return memorySize;
    }

    public long getHiddenSize() {
        return hiddenSize;
    }

    public long getAttentionSize() {
        return attentionSize;
    }

    /** Features per output step: the state and the context. */
    public long outputSize() {
        return hiddenSize + memorySize;
    }

    @Override
    public BahdanauDecoderVertex clone() {
        return HandWrittenVertex.withSettingsOf(this,
                new BahdanauDecoderVertex(tokenSize, memorySize, hiddenSize, attentionSize));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BahdanauDecoderVertex d && super.equals(o) && tokenSize == d.tokenSize
                && memorySize == d.memorySize && hiddenSize == d.hiddenSize && attentionSize == d.attentionSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), tokenSize, memorySize, hiddenSize, attentionSize);
    }

    /**
     * Attention: {@code Wq} [H, A], {@code Wk} [K, A], {@code v} [1, A]; GRU over [y; c] with the column
     * blocks of {@link GRUParamInitializer} (update, reset, candidate): {@code W} [E + K, 3H], {@code RW}
     * [H, 3H], {@code b} [1, 3H]; initial state: {@code Winit} [K, H], {@code binit} [1, H].
     */
    @Override
    public void defineParametersAndInputs(SDVertexParams params) {
        params.defineInputs("tokens", "memory");
        params.addWeightParam("Wq", hiddenSize, attentionSize);
        params.addWeightParam("Wk", memorySize, attentionSize);
        params.addWeightParam("v", 1, attentionSize);
        params.addWeightParam("W", tokenSize + memorySize, 3 * hiddenSize);
        params.addWeightParam("RW", hiddenSize, 3 * hiddenSize);
        params.addBiasParam("b", 1, 3 * hiddenSize);
        params.addWeightParam("Winit", memorySize, hiddenSize);
        params.addBiasParam("binit", 1, hiddenSize);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        params.forEach((name, p) -> {
            if (getVertexParams().isBiasParam(name)) {
                p.assign(0);
            } else {
                HandWrittenVertex.xavier(p);
            }
        });
    }

    /** Not used: {@link #instantiate} builds the hand-written vertex. */
    @Override
    public SDVariable defineVertex(SameDiff sd, Map<String, SDVariable> inputs, Map<String, SDVariable> params,
                                   Map<String, SDVariable> masks) {
        throw new UnsupportedOperationException("BahdanauDecoderVertex is computed by BahdanauGraphVertex, not SameDiff");
    }

    @Override
    public GraphVertex instantiate(ComputationGraph graph, String name, int idx, INDArray paramsView,
                                   boolean initializeParams, DataType networkDatatype) {
        return new BahdanauGraphVertex(this, graph, name, idx, paramsView, initializeParams, networkDatatype);
    }

    /**
     * The attention weights alpha[b, t, j] (target step t over memory step j) of a teacher-forced pass, for
     * heat maps: {@code params} is {@code graph.getVertex(name).paramTable(false)}, tokens and memory are
     * the activations feeding the vertex, the masks may be null. Rows of masked target steps are not
     * meaningful.
     */
    public INDArray weights(Map<String, INDArray> params, INDArray tokens, INDArray memory, INDArray memoryMask,
                            INDArray tokenMask) {
        return BahdanauGraphVertex.run(this, params, tokens, memory, memoryMask, tokenMask, null,
                AttentionSteps.vectorised(), null).weights();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... inputs) {
        InputType.InputTypeRecurrent tokens = (InputType.InputTypeRecurrent) inputs[0];
        return InputType.recurrent(outputSize(), tokens.getTimeSeriesLength());
    }
}
