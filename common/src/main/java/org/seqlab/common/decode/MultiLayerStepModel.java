package org.seqlab.common.decode;

import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A language model in a MultiLayerNetwork whose input is the previous token (one-hot or its index, see
 * {@link TokenInput}) and whose output layer is a softmax over the vocabulary; steps with {@code rnnTimeStep}.
 */
public final class MultiLayerStepModel implements StepModel {
    private final MultiLayerNetwork net;
    private final int vocabulary;
    private final TokenInput tokenInput;

    public MultiLayerStepModel(MultiLayerNetwork net, int vocabulary) {
        this(net, vocabulary, TokenInput.ONE_HOT);
    }

    public MultiLayerStepModel(MultiLayerNetwork net, int vocabulary, TokenInput tokenInput) {
        this.net = net;
        this.vocabulary = vocabulary;
        this.tokenInput = tokenInput;
    }

    @Override
    public int vocabularySize() {
        return vocabulary;
    }

    @Override
    public void start(int rows) {
        net.rnnClearPreviousState();
    }

    @Override
    public float[][] step(int[] tokens) {
        INDArray out = net.rnnTimeStep(RecurrentStates.tokenInput(tokens, tokenInput, vocabulary,
                net.getLayerWiseConfigurations().getDataType()));
        return RecurrentStates.logRows(out);
    }

    @Override
    public void select(int[] rows) {
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayer(i) instanceof RecurrentLayer) {
                net.rnnSetPreviousState(i, RecurrentStates.selectRows(net.rnnGetPreviousState(i), rows));
            }
        }
    }
}
