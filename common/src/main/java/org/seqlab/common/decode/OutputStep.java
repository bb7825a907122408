package org.seqlab.common.decode;

import java.util.Set;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.layers.recurrent.RnnOutputLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.common.rnn.DirectGemm;
import org.seqlab.common.rnn.SoftmaxOutputLayer;

/**
 * DL4J's {@link RnnOutputLayer} (or our {@link SoftmaxOutputLayer}) at inference for a single time step, with its
 * product written into a row-major matrix. ND4J's {@code mmul} always multiplies into a column-major one, which the
 * oneDNN build of libnd4j computes several times slower when there are a few rows, as in a decoder's step: 208
 * against 42 us for 3 x 256 x 1,294 (docs/performance.md, "Single-item latency"). The same arithmetic otherwise:
 * input times weights, plus bias, the layer's activation.
 */
final class OutputStep {
    /**
     * DL4J's output layer and ours, which trains differently and predicts with this same row-major product; a
     * SIMD loop over the column-major weights that it first used took 257 against 111 us here for 3 x 256 x 1,294
     * and 2.6 against 1.1 ms for 5 x 768 x 4,300 (thread CPU, one thread).
     */
    private static final Set<Class<?>> PREDICTS_AS_DL4J = Set.of(RnnOutputLayer.class, SoftmaxOutputLayer.class);

    private OutputStep() {
    }

    /**
     * Whether {@code vertex} is a plain RNN output layer (no preprocessor, mask or weight noise, NCW) that this class
     * can compute for {@code input}, one time step of {@code [rows, nIn, 1]}.
     */
    static boolean applies(GraphVertex vertex, INDArray input) {
        return vertex instanceof LayerVertex lv && lv.getLayerPreProcessor() == null
                && vertex.getLayer() != null && PREDICTS_AS_DL4J.contains(vertex.getLayer().getClass())
                && input != null && input.rank() == 3 && input.size(2) == 1
                && ((RnnOutputLayer) vertex.getLayer()).getMaskArray() == null
                && ((RnnOutputLayer) vertex.getLayer()).layerConf().getWeightNoise() == null
                && ((RnnOutputLayer) vertex.getLayer()).layerConf().getRnnDataFormat() == RNNFormat.NCW;
    }

    /** The layer's output for one step, {@code [rows, nOut, 1]}. */
    static INDArray activate(GraphVertex vertex, INDArray input) {
        RnnOutputLayer layer = (RnnOutputLayer) vertex.getLayer();
        INDArray weights = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
        INDArray bias = layer.getParam(DefaultParamInitializer.BIAS_KEY);
        long rows = input.size(0);
        INDArray x = input.castTo(weights.dataType()).reshape('c', rows, input.size(1));
        if (x.ordering() != 'c' || x.elementWiseStride() != 1) {
            x = x.dup('c');
        }
        INDArray z = Nd4j.createUninitialized(weights.dataType(), rows, weights.size(1));
        DirectGemm.gemm(x, weights, z, false, false, 1.0, 0.0);
        if (bias != null) {
            z.addiRowVector(bias);
        }
        return layer.layerConf().getActivationFn().getActivation(z, false).reshape('c', rows, weights.size(1), 1);
    }
}
