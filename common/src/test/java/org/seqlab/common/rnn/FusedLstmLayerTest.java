package org.seqlab.common.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.layers.recurrent.FwdPassReturn;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.layers.recurrent.LSTMHelper;
import org.deeplearning4j.nn.layers.recurrent.LSTMHelpers;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * At inference the fused layer calls its helper directly instead of through DL4J's {@code LSTMHelpers}, which
 * copied the recurrent weights and the state first: the results must be bit for bit those of DL4J's route to the
 * same helper, for whole (masked) sequences and for steps that carry the state.
 */
class FusedLstmLayerTest {
    private static final LayerWorkspaceMgr NONE = LayerWorkspaceMgr.noWorkspaces();

    private static FusedLstmLayer layer(int nIn, int hidden) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.FLOAT).list()
                .layer(new FusedLstm(nIn, hidden))
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(hidden).nOut(2).build())
                .setInputType(InputType.recurrent(nIn))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return (FusedLstmLayer) net.getLayer(0);
    }

    /** DL4J's own route: what {@code LSTM.activate} and {@code rnnTimeStep} ran before. */
    private static FwdPassReturn dl4jRoute(FusedLstmLayer layer, INDArray input, INDArray mask, INDArray prevHidden,
                                           INDArray prevCell) {
        return LSTMHelpers.activateHelper(layer, layer.conf(), layer.layerConf().getGateActivationFn(), input,
                layer.getParam(LSTMParamInitializer.RECURRENT_WEIGHT_KEY), layer.getParam(LSTMParamInitializer.INPUT_WEIGHT_KEY),
                layer.getParam(LSTMParamInitializer.BIAS_KEY), false, prevHidden, prevCell, false, true,
                LSTMParamInitializer.INPUT_WEIGHT_KEY, mask, false, (LSTMHelper) layer.getHelper(), CacheMode.NONE, NONE,
                false);
    }

    private static float[] values(INDArray array) {
        return array.dup('c').data().asFloat();
    }

    @Test
    void maskedSequenceIsExactlyDl4jsRoute() {
        Nd4j.getRandom().setSeed(1);
        FusedLstmLayer layer = layer(7, 19);
        INDArray input = Nd4j.rand(DataType.FLOAT, 3, 7, 5).subi(0.5);
        INDArray mask = Nd4j.ones(DataType.FLOAT, 3, 5);
        mask.get(NDArrayIndex.point(2), NDArrayIndex.interval(3, 5)).assign(0);
        layer.setMaskArray(mask);
        INDArray ours = layer.activate(input, false, NONE).dup();
        INDArray theirs = dl4jRoute(layer, input, mask, null, null).fwdPassOutput;
        assertArrayEquals(values(theirs), values(ours));
    }

    @Test
    void stepsCarryTheStateExactlyAsDl4jsRoute() {
        Nd4j.getRandom().setSeed(2);
        FusedLstmLayer layer = layer(4, 33);
        layer.rnnClearPreviousState();
        INDArray hidden = null;
        INDArray cell = null;
        for (int t = 0; t < 4; t++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 2, 4, 1).subi(0.5);
            FwdPassReturn theirs = dl4jRoute(layer, x, null, hidden, cell);
            INDArray ours = layer.rnnTimeStep(x, NONE);
            assertArrayEquals(values(theirs.fwdPassOutput), values(ours), "step " + t);
            Map<String, INDArray> state = layer.rnnGetPreviousState();
            assertArrayEquals(values(theirs.lastAct), values(state.get(LSTM.STATE_KEY_PREV_ACTIVATION)), "state " + t);
            assertArrayEquals(values(theirs.lastMemCell), values(state.get(LSTM.STATE_KEY_PREV_MEMCELL)), "cell " + t);
            hidden = theirs.lastAct.dup();
            cell = theirs.lastMemCell.dup();
        }
        assertSame(FusedLstmHelper.class, layer.getHelper().getClass(), "the fused helper ran both routes");
    }
}
