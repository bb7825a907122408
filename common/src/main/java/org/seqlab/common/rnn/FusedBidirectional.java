package org.seqlab.common.rnn;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import java.util.Collection;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.layers.recurrent.BidirectionalLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@link Bidirectional} wrapper (same parameters, same serialised form plus the class name) whose
 * layer, in CONCAT mode, writes the backward direction's outputs straight into their time-reversed
 * place in the output. DL4J's reverses them into a copy and then concatenates with {@code Nd4j.concat},
 * whose general path was a fifth of a sentiment model's prediction time (docs/performance.md).
 */
public class FusedBidirectional extends Bidirectional {

    /** For Jackson, when a saved network is restored. */
    public FusedBidirectional() {
    }

    public FusedBidirectional(Mode mode, org.deeplearning4j.nn.conf.layers.Layer layer) {
        super(mode, layer);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int layerIndex,
                             INDArray layerParamsView, boolean initializeParams, DataType networkDataType) {
        // as DL4J's Bidirectional: each direction gets its own configuration and half of the parameters
        NeuralNetConfiguration forwardConf = conf.clone();
        NeuralNetConfiguration backwardConf = conf.clone();
        forwardConf.setLayer(getFwd());
        backwardConf.setLayer(getBwd());
        long half = layerParamsView.length() / 2;
        Layer forward = getFwd().instantiate(forwardConf, listeners, layerIndex,
                segment(layerParamsView, 0, half), initializeParams, networkDataType);
        Layer backward = getBwd().instantiate(backwardConf, listeners, layerIndex,
                segment(layerParamsView, half, 2 * half), initializeParams, networkDataType);
        boolean sequencesOut = getFwd() instanceof BaseRecurrentLayer r && r.getRnnDataFormat() == RNNFormat.NCW;
        ConcatLayer layer = new ConcatLayer(conf, forward, backward, layerParamsView,
                getMode() == Mode.CONCAT && sequencesOut);
        layer.setParamTable(initializer().init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    /** Elements [from, to) of a parameter view, a vector or a [1, n] row: a view, never a copy. */
    private static INDArray segment(INDArray view, long from, long to) {
        return view.rank() == 1 ? view.get(interval(from, to)) : view.get(point(0), interval(from, to));
    }

    /** DL4J's bidirectional layer with the concatenation written in place. */
    static final class ConcatLayer extends BidirectionalLayer {
        private final Layer forward;
        private final Layer backward;
        private final boolean concatInPlace;

        ConcatLayer(NeuralNetConfiguration conf, Layer forward, Layer backward, INDArray paramsView,
                    boolean concatInPlace) {
            super(conf, forward, backward, paramsView);
            this.forward = forward;
            this.backward = backward;
            this.concatInPlace = concatInPlace;
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
            if (!concatInPlace) {
                return super.activate(training, workspaceMgr);
            }
            INDArray forwardOut = forward.activate(training, workspaceMgr);
            INDArray backwardOut = backward.activate(training, workspaceMgr);
            long batch = forwardOut.size(0);
            long hidden = forwardOut.size(1);
            long steps = forwardOut.size(2);
            // [2h][T][batch], handed on as a [batch, 2h, T] view: the layout the fused LSTM reads without a copy
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, forwardOut.dataType(),
                    new long[] {2 * hidden, steps, batch}, 'c');
            out.get(interval(0, hidden), all(), all()).assign(forwardOut.permute(1, 2, 0));
            INDArray backwardByFeature = backwardOut.permute(1, 2, 0);
            for (long t = 0; t < steps; t++) {
                out.get(interval(hidden, 2 * hidden), point(t), all())
                        .assign(backwardByFeature.get(all(), point(steps - 1 - t), all()));
            }
            return out.permute(2, 0, 1);
        }
    }
}
