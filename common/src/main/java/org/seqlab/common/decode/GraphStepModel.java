package org.seqlab.common.decode;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.common.rnn.StatefulVertex;

/**
 * An encoder-decoder ComputationGraph whose last input is the previous target token (one-hot
 * [rows, vocabulary, 1], or its index [rows, 1, 1] for a graph that embeds it: {@link TokenInput}) and whose first output is a softmax over the target vocabulary. The other
 * inputs (the source, image features...) are fixed for one decoding and given with one row each.
 * <p>
 * Everything that does not depend on the target input (the encoder, its attention keys) is computed once
 * per {@link #start}; each step then runs only the vertices downstream of the target input, recurrent
 * layers and {@link StatefulVertex} vertices with {@code rnnTimeStep} so that they carry their state from
 * step to step, and {@link #select} reorders the rows of those states.
 */
public final class GraphStepModel implements StepModel {
    private static final LayerWorkspaceMgr NO_WORKSPACES = LayerWorkspaceMgr.noWorkspaces();

    private final ComputationGraph graph;
    private final INDArray[] fixedInputs;
    private final int vocabulary;
    private final GraphVertex[] vertices;
    private final Set<Integer> perStep = new HashSet<>();
    private final Set<String> stepInputs = new HashSet<>();
    private final String targetInput;
    private final String output;
    private final TokenInput tokenInput;
    /** The position in topological order of the last vertex whose activation the steps read. */
    private final int lastFixedPosition;
    private Map<String, INDArray> fixedActivations;
    private Map<String, INDArray> repeated;
    private int rows;

    public GraphStepModel(ComputationGraph graph, INDArray[] fixedInputs, int vocabulary) {
        this(graph, fixedInputs, vocabulary, TokenInput.ONE_HOT);
    }

    /**
     * @param fixedInputs every input but the last (the source, an image feature...), one row each: computed
     *                    once per {@link #start}; an image feature given here is how a decoder's initial state
     *                    comes from another network
     */
    public GraphStepModel(ComputationGraph graph, INDArray[] fixedInputs, int vocabulary, TokenInput tokenInput) {
        this.tokenInput = tokenInput;
        List<String> inputs = graph.getConfiguration().getNetworkInputs();
        if (fixedInputs.length != inputs.size() - 1) {
            throw new IllegalArgumentException("expected " + (inputs.size() - 1) + " fixed inputs, got " + fixedInputs.length);
        }
        this.graph = graph;
        this.fixedInputs = fixedInputs.clone();
        this.vocabulary = vocabulary;
        this.vertices = graph.getVertices();
        this.targetInput = inputs.get(inputs.size() - 1);
        this.output = graph.getConfiguration().getNetworkOutputs().get(0);
        // the vertices reachable from the target input are recomputed at every step
        Deque<Integer> queue = new ArrayDeque<>(List.of(graph.getVertex(targetInput).getVertexIndex()));
        while (!queue.isEmpty()) {
            int index = queue.poll();
            if (perStep.add(index) && vertices[index].getOutputVertices() != null) {
                for (VertexIndices next : vertices[index].getOutputVertices()) {
                    queue.add(next.getVertexIndex());
                }
            }
        }
        // of the fixed activations, the steps read only those that feed a per-step vertex (an encoder's output,
        // an image feature): only they are kept and repeated per row, not every feature map of a CNN
        for (int index : perStep) {
            VertexIndices[] in = vertices[index].getInputVertices();
            for (int j = 0; in != null && j < in.length; j++) {
                if (!perStep.contains(in[j].getVertexIndex())) {
                    stepInputs.add(vertices[in[j].getVertexIndex()].getVertexName());
                }
            }
        }
        int[] order = graph.topologicalSortOrder();
        int last = 0;
        for (int position = 0; position < order.length; position++) {
            if (stepInputs.contains(vertices[order[position]].getVertexName())) {
                last = position;
            }
        }
        this.lastFixedPosition = last;
    }

    @Override
    public int vocabularySize() {
        return vocabulary;
    }

    @Override
    public void start(int rowCount) {
        if (fixedActivations == null) {
            INDArray[] inputs = new INDArray[fixedInputs.length + 1];
            System.arraycopy(fixedInputs, 0, inputs, 0, fixedInputs.length);
            inputs[fixedInputs.length] = RecurrentStates.tokenInput(new int[] {0}, tokenInput, vocabulary,
                    graph.getConfiguration().getDataType());
            // only as far as the last vertex the steps read: the decoder itself and its output layer (a fifth of a
            // caption's time) would be computed for a token that no step uses
            Map<String, INDArray> all = graph.feedForward(inputs, lastFixedPosition, false, true);
            fixedActivations = new HashMap<>();
            for (String name : stepInputs) {
                fixedActivations.put(name, all.get(name).detach());
            }
        }
        for (int index : perStep) {
            if (vertices[index].hasLayer() && vertices[index].getLayer() instanceof RecurrentLayer layer) {
                layer.rnnClearPreviousState();
            } else if (vertices[index] instanceof StatefulVertex vertex) {
                vertex.rnnClearPreviousState();
            }
        }
        repeat(rowCount);
    }

    @Override
    public float[][] step(int[] tokens) {
        if (tokens.length != rows) {
            throw new IllegalStateException("stepping " + tokens.length + " rows, started " + rows);
        }
        Map<String, INDArray> acts = new HashMap<>(repeated);
        acts.put(targetInput, RecurrentStates.tokenInput(tokens, tokenInput, vocabulary,
                graph.getConfiguration().getDataType()));
        for (int index : graph.topologicalSortOrder()) {
            GraphVertex v = vertices[index];
            if (v.isInputVertex() || !perStep.contains(index)) {
                continue;
            }
            VertexIndices[] in = v.getInputVertices();
            INDArray out;
            if (v.hasLayer() && v.getLayer() instanceof RecurrentLayer layer) {
                INDArray x = acts.get(vertices[in[0].getVertexIndex()].getVertexName());
                InputPreProcessor pre = ((LayerVertex) v).getLayerPreProcessor();
                out = layer.rnnTimeStep(pre == null ? x : pre.preProcess(x, rows, NO_WORKSPACES), NO_WORKSPACES);
            } else if (v instanceof StatefulVertex vertex) {
                INDArray[] x = new INDArray[in.length];
                for (int j = 0; j < in.length; j++) {
                    x[j] = acts.get(vertices[in[j].getVertexIndex()].getVertexName());
                }
                out = vertex.rnnTimeStep(x);
            } else if (in.length == 1 && OutputStep.applies(v, acts.get(nameOf(in[0])))) {
                out = OutputStep.activate(v, acts.get(nameOf(in[0])));
            } else {
                for (int j = 0; j < in.length; j++) {
                    v.setInput(j, acts.get(vertices[in[j].getVertexIndex()].getVertexName()), NO_WORKSPACES);
                }
                out = v.doForward(false, NO_WORKSPACES);
                v.clear();
            }
            acts.put(v.getVertexName(), out);
        }
        return RecurrentStates.logRows(acts.get(output));
    }

    @Override
    public void select(int[] selected) {
        for (int index : perStep) {
            if (vertices[index].hasLayer() && vertices[index].getLayer() instanceof RecurrentLayer layer) {
                layer.rnnSetPreviousState(RecurrentStates.selectRows(layer.rnnGetPreviousState(), selected));
            } else if (vertices[index] instanceof StatefulVertex vertex) {
                vertex.rnnSetPreviousState(RecurrentStates.selectRows(vertex.rnnGetPreviousState(), selected));
            }
        }
        repeat(selected.length);
    }

    private String nameOf(VertexIndices vertex) {
        return vertices[vertex.getVertexIndex()].getVertexName();
    }

    /**
     * Every row decodes the same source, so the fixed activations are the single row repeated; kept while the number
     * of rows stays (the steps only read them).
     */
    private void repeat(int rowCount) {
        if (repeated != null && rowCount == rows) {
            return;
        }
        rows = rowCount;
        repeated = new HashMap<>();
        fixedActivations.forEach((name, value) -> repeated.put(name, value.repeat(0, rowCount)));
    }
}
