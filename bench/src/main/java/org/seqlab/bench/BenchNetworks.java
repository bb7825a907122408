package org.seqlab.bench;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration.ListBuilder;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.rnn.FusedLstm;
import org.seqlab.common.rnn.RecurrentStack;

/**
 * The benchmark network, the same shape as the PyTorch reference: one-hot input of size vocab, a stack
 * of recurrent layers, a softmax over the vocabulary at every step, cross-entropy, Adam(1e-3), float32.
 */
public final class BenchNetworks {
    private BenchNetworks() {
    }

    public static MultiLayerNetwork build(BenchShape shape, long seed) {
        ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list();
        int in = shape.vocab();
        for (int l = 0; l < shape.layers(); l++) {
            Layer layer = recurrent(shape.cell(), shape.impl(), in, shape.hidden());
            if (l == 0 && layer instanceof FusedLstm fused) {
                // the one-hot input needs no gradient (PyTorch's reference does not compute it either)
                fused.setInputGradientUnused(true);
            }
            list.layer(layer);
            in = shape.hidden();
        }
        list.layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .activation(Activation.SOFTMAX).nIn(in).nOut(shape.vocab()).build());
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    /**
     * The toolbox's cell (what the apps train: the fused LSTM for lstm), or for {@link Impl#DL4J} with
     * lstm, DL4J's own LSTM as the baseline.
     */
    static Layer recurrent(CellType cell, Impl impl, int nIn, int nOut) {
        if (cell == CellType.LSTM) {
            return impl == Impl.FUSED ? new FusedLstm(nIn, nOut)
                    : new LSTM.Builder().nIn(nIn).nOut(nOut).activation(Activation.TANH).build();
        }
        return RecurrentStack.cell(cell, nIn, nOut);
    }
}
