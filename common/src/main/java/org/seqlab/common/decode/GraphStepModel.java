package org.seqlab.common.decode;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.common.rnn.StatefulVertex;

/**
 * An encoder-decoder ComputationGraph whose last input is the previous target token (one-hot
 * [rows, vocabulary, 1], or its index [rows, 1, 1] for a graph that embeds it: {@link TokenInput}) and whose first
 * output is a softmax over the target vocabulary. The other inputs (the source, image features...) are fixed for one
 * decoding: one source (one row each), or a batch of sources (padded, with their masks), which {@link BeamSearch}
 * and {@link Decoders} decode at once, every row of a step reading its own source's memory.
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
    /** The fixed inputs' masks ([sources, steps] or null each), or null. */
    private final INDArray[] fixedMasks;
    private final int sources;
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
    /** The masks of the fixed activations that have one (a recurrent encoder's states: the source mask). */
    private Map<String, INDArray> fixedActivationMasks;
    /** The fixed activations and their masks for the current rows, each row its source's. */
    private Map<String, INDArray> repeated;
    private Map<String, INDArray> repeatedMasks;
    /** The source each row decodes. */
    private int[] rowSources;
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
        this(graph, fixedInputs, null, vocabulary, tokenInput);
    }

    /**
     * A batch of sources: {@link #start} then takes one row per source (or any number of rows with one source).
     *
     * @param fixedInputs every input but the last, one row per source, time series padded to the longest
     * @param fixedMasks  their masks (1 at real steps, 0 at padding; [sources, steps], null for an input without),
     *                    or null: attention gives padded source steps no weight
     */
    public GraphStepModel(ComputationGraph graph, INDArray[] fixedInputs, INDArray[] fixedMasks, int vocabulary,
                          TokenInput tokenInput) {
        this.tokenInput = tokenInput;
        List<String> inputs = graph.getConfiguration().getNetworkInputs();
        if (fixedInputs.length != inputs.size() - 1) {
            throw new IllegalArgumentException("expected " + (inputs.size() - 1) + " fixed inputs, got " + fixedInputs.length);
        }
        if (fixedMasks != null && fixedMasks.length != fixedInputs.length) {
            throw new IllegalArgumentException("expected " + fixedInputs.length + " fixed input masks, got " + fixedMasks.length);
        }
        this.graph = graph;
        this.fixedInputs = fixedInputs.clone();
        this.fixedMasks = fixedMasks == null ? null : fixedMasks.clone();
        this.sources = (int) fixedInputs[0].size(0);
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

    /** With one source, any number of rows read it; with a batch, one row per source, in order. */
    @Override
    public void start(int rowCount) {
        if (sources > 1 && rowCount != sources) {
            throw new IllegalArgumentException("a batch of " + sources + " sources starts with one row each, not " + rowCount);
        }
        if (fixedActivations == null) {
            computeFixedActivations();
        }
        for (int index : perStep) {
            if (vertices[index].hasLayer() && vertices[index].getLayer() instanceof RecurrentLayer layer) {
                layer.rnnClearPreviousState();
            } else if (vertices[index] instanceof StatefulVertex vertex) {
                vertex.rnnClearPreviousState();
            }
        }
        int[] start = new int[rowCount];
        if (sources > 1) {
            Arrays.setAll(start, row -> row);
        }
        repeat(start);
    }

    private void computeFixedActivations() {
        INDArray[] inputs = new INDArray[fixedInputs.length + 1];
        System.arraycopy(fixedInputs, 0, inputs, 0, fixedInputs.length);
        inputs[fixedInputs.length] = RecurrentStates.tokenInput(new int[sources], tokenInput, vocabulary,
                graph.getConfiguration().getDataType());
        Map<String, INDArray> all;
        if (fixedMasks == null) {
            // only as far as the last vertex the steps read: the decoder itself and its output layer (a fifth of a
            // caption's time) would be computed for a token that no step uses
            all = graph.feedForward(inputs, lastFixedPosition, false, true);
            fixedActivationMasks = Map.of();
        } else {
            graph.setLayerMaskArrays(Arrays.copyOf(fixedMasks, inputs.length), null);
            try {
                all = graph.feedForward(inputs, lastFixedPosition, false, true);
                fixedActivationMasks = propagateMasks();
            } finally {
                graph.clearLayerMaskArrays();
            }
        }
        fixedActivations = new HashMap<>();
        for (String name : stepInputs) {
            fixedActivations.put(name, all.get(name).detach());
        }
    }

    /**
     * The masks of the step inputs, carried from the fixed inputs' through the fixed vertices as the graph itself
     * does ({@code ComputationGraph.setLayerMaskArrays}), which keeps them to itself.
     */
    private Map<String, INDArray> propagateMasks() {
        Map<Integer, Pair<INDArray, MaskState>> masks = new HashMap<>();
        int[] order = graph.topologicalSortOrder();
        for (int position = 0; position <= lastFixedPosition; position++) {
            GraphVertex v = vertices[order[position]];
            if (perStep.contains(v.getVertexIndex())) {
                continue;
            }
            if (v.isInputVertex()) {
                masks.put(v.getVertexIndex(), new Pair<>(fixedMasks[v.getVertexIndex()], MaskState.Active));
                continue;
            }
            VertexIndices[] in = v.getInputVertices();
            INDArray[] inputMasks = null;
            MaskState state = null;
            for (int j = 0; j < in.length; j++) {
                Pair<INDArray, MaskState> p = masks.get(in[j].getVertexIndex());
                if (p != null) {
                    inputMasks = inputMasks == null ? new INDArray[in.length] : inputMasks;
                    inputMasks[j] = p.getFirst();
                    state = state == null || state == MaskState.Passthrough ? p.getSecond() : state;
                }
            }
            masks.put(v.getVertexIndex(), v.feedForwardMaskArrays(inputMasks, state, sources));
        }
        Map<String, INDArray> out = new HashMap<>();
        for (String name : stepInputs) {
            Pair<INDArray, MaskState> p = masks.get(graph.getVertex(name).getVertexIndex());
            if (p != null && p.getFirst() != null) {
                out.put(name, p.getFirst().detach());
            }
        }
        return out;
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
                v.feedForwardMaskArrays(masksOf(in), MaskState.Active, rows);
                try {
                    out = vertex.rnnTimeStep(x);
                } finally {
                    // a mask left in the vertex would apply to the graph's next pass (a heat map's, unmasked)
                    v.feedForwardMaskArrays(null, null, rows);
                }
            } else if (in.length == 1 && OutputStep.applies(v, acts.get(nameOf(in[0])))) {
                out = OutputStep.activate(v, acts.get(nameOf(in[0])));
            } else {
                for (int j = 0; j < in.length; j++) {
                    v.setInput(j, acts.get(vertices[in[j].getVertexIndex()].getVertexName()), NO_WORKSPACES);
                }
                INDArray[] masks = masksOf(in);
                if (masks != null) {
                    // an attention vertex reading a padded memory (cleared with its inputs below)
                    v.feedForwardMaskArrays(masks, MaskState.Active, rows);
                }
                out = v.doForward(false, NO_WORKSPACES);
                v.clear();
            }
            acts.put(v.getVertexName(), out);
        }
        return RecurrentStates.logRows(acts.get(output));
    }

    /** The current rows' masks of these inputs, or null when none has one. */
    private INDArray[] masksOf(VertexIndices[] in) {
        INDArray[] masks = null;
        for (int j = 0; j < in.length; j++) {
            INDArray mask = repeatedMasks.get(nameOf(in[j]));
            if (mask != null) {
                masks = masks == null ? new INDArray[in.length] : masks;
                masks[j] = mask;
            }
        }
        return masks;
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
        int[] next = new int[selected.length];
        for (int i = 0; i < selected.length; i++) {
            next[i] = rowSources[selected[i]];
        }
        if (!Arrays.equals(next, rowSources)) {
            // row i's fixed activations become those of row selected[i], which decodes the same source
            for (int index : perStep) {
                if (vertices[index] instanceof StatefulVertex vertex) {
                    vertex.selectFixedRows(selected);
                }
            }
        }
        repeat(next);
    }

    private String nameOf(VertexIndices vertex) {
        return vertices[vertex.getVertexIndex()].getVertexName();
    }

    /**
     * Gives every row its source's fixed activations; kept while the rows' sources stay the same (the steps only
     * read them), as they do while a beam reorders its rows within each source.
     */
    private void repeat(int[] sourcesOfRows) {
        if (repeated != null && Arrays.equals(sourcesOfRows, rowSources)) {
            return;
        }
        rowSources = sourcesOfRows;
        rows = sourcesOfRows.length;
        repeated = new HashMap<>();
        fixedActivations.forEach((name, value) -> repeated.put(name, rowsOf(value, sourcesOfRows)));
        repeatedMasks = new HashMap<>();
        fixedActivationMasks.forEach((name, value) -> repeatedMasks.put(name, rowsOf(value, sourcesOfRows)));
    }

    /** The rows {@code indices} of {@code value} (along its first dimension), in this order. */
    private static INDArray rowsOf(INDArray value, int[] indices) {
        long[] shape = value.shape().clone();
        INDArray flat = value.reshape('c', shape[0], value.length() / shape[0]);
        shape[0] = indices.length;
        return Nd4j.pullRows(flat, 1, indices, 'c').reshape('c', shape);
    }
}
