package org.seqlab.common.rnn;

import java.util.Collection;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Configuration of a gated recurrent unit layer (DL4J 1.0.0-M2.1 has none). With update gate z, reset
 * gate r and candidate h~:
 * <pre>
 *   z_t  = sigmoid(x_t U_z + h_{t-1} W_z + b_z)
 *   r_t  = sigmoid(x_t U_r + h_{t-1} W_r + b_r)
 *   h~_t = tanh(x_t U_h + (r_t * h_{t-1}) W_h + b_h)
 *   h_t  = z_t * h_{t-1} + (1 - z_t) * h~_t
 * </pre>
 * The gate and candidate functions are fixed (sigmoid, tanh); the {@code activation} setting is not used.
 * At a masked step the state is carried through unchanged and the output is zero, so the last state of
 * a right-padded sequence is its last real state. Works in MultiLayerNetwork, ComputationGraph and
 * DL4J's {@code Bidirectional} wrapper, supports {@code rnnTimeStep} and truncated BPTT.
 */
public class GRU extends BaseRecurrentLayer {

    protected GRU(Builder builder) {
        super(builder);
    }

    /** For JSON deserialisation. */
    public GRU() {
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                                       int layerIndex, INDArray paramsView, boolean initializeParams,
                                                       DataType dataType) {
        LayerValidation.assertNInNOutSet("GRU", getLayerName(), layerIndex, getNIn(), getNOut());
        return LayerInstances.wire(new GRULayer(conf, dataType), conf, listeners, layerIndex, paramsView, initializeParams,
                initializer());
    }

    @Override
    public ParamInitializer initializer() {
        return GRUParamInitializer.getInstance();
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType outputType = getOutputType(-1, inputType);
        long params = initializer().numParams(this);
        long updaterState = getIUpdater() == null ? 0 : getIUpdater().stateSize(params);
        // per example and step: z, r, candidate, r*h and the state for backprop, plus the input projection
        long perStep = 8 * nOut;
        return new LayerMemoryReport.Builder(layerName, GRU.class, inputType, outputType)
                .standardMemory(params, updaterState)
                .workingMemory(0, perStep, 0, perStep)
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }

    /** Builder in DL4J's style: {@code new GRU.Builder().nIn(10).nOut(32).build()}. */
    public static class Builder extends BaseRecurrentLayer.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public GRU build() {
            return new GRU(this);
        }
    }
}
