package org.seqlab.common.decode;

import java.util.HashMap;
import java.util.Set;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An encoder-decoder ComputationGraph whose last input is the previous target token one-hot
 * ([rows, vocabulary, 1]) and whose first output is a softmax over the target vocabulary. The other
 * inputs (the source, image features...) are fixed for one decoding and given with one row each.
 * Steps with {@code rnnTimeStep}: the decoder layers keep their state, while the {@code encoderLayers}
 * are reset before every step so that they re-read the whole source (attention needs every encoder
 * state, and a graph cannot hand them over between calls).
 */
public final class GraphStepModel implements StepModel {
    private final ComputationGraph graph;
    private final INDArray[] fixedInputs;
    private final Set<String> encoderLayers;
    private final int vocabulary;
    private INDArray[] repeated;

    public GraphStepModel(ComputationGraph graph, INDArray[] fixedInputs, Set<String> encoderLayers, int vocabulary) {
        if (fixedInputs.length != graph.getConfiguration().getNetworkInputs().size() - 1) {
            throw new IllegalArgumentException("expected " + (graph.getConfiguration().getNetworkInputs().size() - 1)
                    + " fixed inputs, got " + fixedInputs.length);
        }
        this.graph = graph;
        this.fixedInputs = fixedInputs.clone();
        this.encoderLayers = Set.copyOf(encoderLayers);
        this.vocabulary = vocabulary;
    }

    @Override
    public int vocabularySize() {
        return vocabulary;
    }

    @Override
    public void start(int rows) {
        graph.rnnClearPreviousState();
        repeatFixedInputs(rows);
    }

    @Override
    public float[][] step(int[] tokens) {
        if (tokens.length != repeated[0].size(0)) {
            throw new IllegalStateException("stepping " + tokens.length + " rows, started " + repeated[0].size(0));
        }
        for (String encoder : encoderLayers) {
            graph.rnnSetPreviousState(encoder, new HashMap<>());
        }
        INDArray[] inputs = new INDArray[fixedInputs.length + 1];
        System.arraycopy(repeated, 0, inputs, 0, repeated.length);
        inputs[fixedInputs.length] = RecurrentStates.oneHot(tokens, vocabulary, graph.getConfiguration().getDataType());
        return RecurrentStates.logRows(graph.rnnTimeStep(inputs)[0]);
    }

    @Override
    public void select(int[] rows) {
        for (GraphVertex vertex : graph.getVertices()) {
            Layer layer = vertex.hasLayer() ? vertex.getLayer() : null;
            if (layer instanceof RecurrentLayer && !encoderLayers.contains(vertex.getVertexName())) {
                graph.rnnSetPreviousState(vertex.getVertexName(),
                        RecurrentStates.selectRows(graph.rnnGetPreviousState(vertex.getVertexName()), rows));
            }
        }
        repeatFixedInputs(rows.length);
    }

    /** Every row decodes the same source. */
    private void repeatFixedInputs(int rows) {
        repeated = new INDArray[fixedInputs.length];
        for (int i = 0; i < fixedInputs.length; i++) {
            repeated[i] = fixedInputs[i].repeat(0, rows);
        }
    }
}
