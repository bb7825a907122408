package org.seqlab.common.rnn;

import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.TrainingConfig;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffVertex;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Parameter plumbing of the vertices we compute by hand although their configuration extends
 * {@link SameDiffVertex} (see {@link AttentionVertex} for why): parameter and gradient views laid out in
 * the order of the configuration's parameter shapes, each a C-order [rows, columns] matrix.
 */
abstract class HandWrittenVertex extends BaseGraphVertex {
    private final SameDiffVertex conf;
    protected final Map<String, INDArray> params;
    private final INDArray paramsView;
    private INDArray gradientView;
    /** Views of the gradient array by parameter name, written by {@code doBackward}. */
    protected Map<String, INDArray> gradients = Map.of();

    /** {@code copy} with the training settings the graph builder gave {@code original}: what clone() must keep. */
    static <T extends SameDiffVertex> T withSettingsOf(SameDiffVertex original, T copy) {
        copy.setName(original.getName());
        copy.setUpdater(original.getUpdater());
        copy.setBiasUpdater(original.getBiasUpdater());
        copy.setRegularization(original.getRegularization());
        copy.setRegularizationBias(original.getRegularizationBias());
        copy.setGradientNormalization(original.getGradientNormalization());
        copy.setGradientNormalizationThreshold(original.getGradientNormalizationThreshold());
        copy.setDataType(original.getDataType());
        return copy;
    }

    /** Xavier-style initialisation of one weight matrix: normal with standard deviation sqrt(2 / (fanIn + fanOut)). */
    static void xavier(INDArray weights) {
        weights.assign(Nd4j.randn(weights.dataType(), weights.shape()).muli(Math.sqrt(2.0 / (weights.size(0) + weights.size(1)))));
    }

    HandWrittenVertex(SameDiffVertex conf, ComputationGraph graph, String name, int index, INDArray paramsView,
                      boolean initializeParams, DataType dataType) {
        super(graph, name, index, null, null, dataType);
        this.conf = conf;
        // the updater finds this vertex's settings by name
        conf.setName(name);
        this.paramsView = paramsView;
        this.params = views(paramsView);
        if (initializeParams && !params.isEmpty()) {
            conf.initializeParameters(params);
        }
    }

    private Map<String, INDArray> views(INDArray flat) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        if (flat == null) {
            return out;
        }
        INDArray row = flat.reshape(flat.length());
        long offset = 0;
        for (Map.Entry<String, long[]> e : conf.getVertexParams().getParamShapes().entrySet()) {
            long n = e.getValue()[0] * e.getValue()[1];
            out.put(e.getKey(), row.get(interval(offset, offset + n)).reshape('c', e.getValue()));
            offset += n;
        }
        return out;
    }

    /** The gradient of the latest {@code doBackward}, backed by the graph's flattened gradient array. */
    protected Gradient gradient() {
        Gradient gradient = new DefaultGradient(gradientView);
        gradients.forEach((name, g) -> gradient.gradientForVariable().put(name, g));
        return gradient;
    }

    @Override
    public void setBackpropGradientsViewArray(INDArray backpropGradientsViewArray) {
        gradientView = backpropGradientsViewArray;
        gradients = views(backpropGradientsViewArray);
    }

    @Override
    public boolean hasLayer() {
        return false;
    }

    @Override
    public Layer getLayer() {
        return null;
    }

    @Override
    public Map<String, INDArray> paramTable(boolean backpropOnly) {
        return params;
    }

    @Override
    public TrainingConfig getConfig() {
        return conf;
    }

    @Override
    public long numParams() {
        return paramsView == null ? 0 : paramsView.length();
    }

    @Override
    public INDArray params() {
        return paramsView;
    }

    @Override
    public INDArray getGradientsViewArray() {
        return gradientView;
    }
}
