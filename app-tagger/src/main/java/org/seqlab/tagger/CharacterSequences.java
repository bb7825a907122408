package org.seqlab.tagger;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.BaseGraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastCopyOp;
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The two graph vertices around the character BiLSTM. {@link TaggerEncoder} lays a batch's characters end to end,
 * one slot per word ({@code [batch, dims, T * slot]} once embedded); {@link Split} turns that into one sequence per
 * word ({@code [batch * T, dims, slot]}), so that a bidirectional recurrent layer reads each word on its own, from a
 * zero state; {@link Join} gives each word its forward output at its last character and its backward output at its
 * first ({@code [batch, 2h, T]}), Lample et al.'s character representation. The character mask says which steps of
 * a slot are real characters; both vertices pass it on (the word mask after {@link Join}). Both compute with ND4J
 * operations only, so they run on any backend.
 */
final class CharacterSequences {
    private CharacterSequences() {
    }

    /** {@code [batch, dims, T * slot]} to {@code [batch * T, dims, slot]}, the mask {@code [batch, T * slot]} to {@code [batch * T, slot]}. */
    public static final class Split extends OneInputNoParameters {
        private final int slot;

        public Split(@JsonProperty("slot") int slot) {
            this.slot = slot;
        }

        public int getSlot() {
            return slot;
        }

        @Override
        public Split clone() {
            return new Split(slot);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Split s && s.slot == slot;
        }

        @Override
        public int hashCode() {
            return Integer.hashCode(slot) * 31 + 1;
        }

        @Override
        public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
            return new SplitImpl(graph, name, idx, slot, networkDatatype);
        }

        @Override
        public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
            return InputType.recurrent(((InputType.InputTypeRecurrent) vertexInputs[0]).getSize(), slot);
        }

    }

    /**
     * {@code [batch * T, 2h, slot]} (a bidirectional layer's outputs, forward half first) to {@code [batch, 2h, T]}:
     * each word's forward output at its last real character and backward output at its first; the output mask is the
     * word mask (a word is real when its slot holds a real character).
     */
    public static final class Join extends OneInputNoParameters {
        public Join() {
        }

        @Override
        public Join clone() {
            return new Join();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Join;
        }

        @Override
        public int hashCode() {
            return Join.class.hashCode();
        }

        @Override
        public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(ComputationGraph graph, String name, int idx,
                INDArray paramsView, boolean initializeParams, DataType networkDatatype) {
            return new JoinImpl(graph, name, idx, networkDatatype);
        }

        @Override
        public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
            return InputType.recurrent(((InputType.InputTypeRecurrent) vertexInputs[0]).getSize());
        }

    }

    /** The configuration both vertices share: one input, no parameters, no memory beyond their activations. */
    abstract static class OneInputNoParameters extends GraphVertex {
        @Override
        public long numParams(boolean backprop) {
            return 0;
        }

        @Override
        public int minVertexInputs() {
            return 1;
        }

        @Override
        public int maxVertexInputs() {
            return 1;
        }

        @Override
        public MemoryReport getMemoryReport(InputType... inputTypes) {
            return new LayerMemoryReport.Builder(null, getClass(), inputTypes[0], getOutputType(-1, inputTypes))
                    .standardMemory(0, 0).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
        }
    }

    /** What both implementations share: no parameters, no layer. */
    private abstract static class NoParameters extends BaseGraphVertex {
        NoParameters(ComputationGraph graph, String name, int index, DataType dataType) {
            super(graph, name, index, null, null, dataType);
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
        public void setBackpropGradientsViewArray(INDArray view) {
            if (view != null) {
                throw new IllegalStateException(getVertexName() + " has no parameters");
            }
        }

        void requireInput() {
            if (!canDoForward()) {
                throw new IllegalStateException(getVertexName() + ": input not set");
            }
        }
    }

    private static final class SplitImpl extends NoParameters {
        private final int slot;

        SplitImpl(ComputationGraph graph, String name, int index, int slot, DataType dataType) {
            super(graph, name, index, dataType);
            this.slot = slot;
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            requireInput();
            INDArray x = inputs[0];
            long batch = x.size(0);
            long dims = x.size(1);
            long words = x.size(2) / slot;
            INDArray perWord = x.reshape('c', batch, dims, words, slot).permute(0, 2, 1, 3);
            return workspaceMgr.dup(ArrayType.ACTIVATIONS, perWord, 'c').reshape('c', batch * words, dims, slot);
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
            INDArray x = inputs[0];
            long batch = x.size(0);
            long dims = x.size(1);
            long words = x.size(2) / slot;
            INDArray back = epsilon.reshape('c', batch, words, dims, slot).permute(0, 2, 1, 3);
            INDArray gradient = workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, back, 'c').reshape('c', batch, dims, words * slot);
            return new Pair<>(null, new INDArray[] {gradient});
        }

        @Override
        public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                               int minibatchSize) {
            if (maskArrays == null || maskArrays[0] == null) {
                return new Pair<>(null, currentMaskState);
            }
            INDArray mask = maskArrays[0];
            return new Pair<>(mask.dup('c').reshape('c', mask.size(0) * (mask.size(1) / slot), slot), currentMaskState);
        }

        @Override
        public String toString() {
            return "CharacterSequences.Split(" + getVertexName() + ", slot " + slot + ")";
        }
    }

    private static final class JoinImpl extends NoParameters {
        /** One-hot rows {@code [batch * T, slot]}: each word's last and first real character (zero rows: padding). */
        private INDArray lastChar;
        private INDArray firstChar;
        private long batch;

        JoinImpl(ComputationGraph graph, String name, int index, DataType dataType) {
            super(graph, name, index, dataType);
        }

        @Override
        public Pair<INDArray, MaskState> feedForwardMaskArrays(INDArray[] maskArrays, MaskState currentMaskState,
                                                               int minibatchSize) {
            if (maskArrays == null || maskArrays[0] == null) {
                throw new IllegalStateException(getVertexName() + " needs the character mask: which steps of each "
                        + "word's slot are real characters");
            }
            INDArray mask = maskArrays[0];
            int rows = (int) mask.size(0);
            int slot = (int) mask.size(1);
            float[] m = mask.castTo(DataType.FLOAT).dup('c').data().asFloat();
            float[] last = new float[rows * slot];
            float[] first = new float[rows * slot];
            float[] wordMask = new float[rows];
            for (int r = 0; r < rows; r++) {
                int from = -1;
                int to = -1;
                for (int c = 0; c < slot; c++) {
                    if (m[r * slot + c] != 0) {
                        from = from < 0 ? c : from;
                        to = c;
                    }
                }
                if (from >= 0) {
                    first[r * slot + from] = 1;
                    last[r * slot + to] = 1;
                    wordMask[r] = 1;
                }
            }
            batch = minibatchSize;
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                lastChar = Nd4j.create(last, new long[] {rows, slot}, 'c').castTo(dataType);
                firstChar = Nd4j.create(first, new long[] {rows, slot}, 'c').castTo(dataType);
                return new Pair<>(Nd4j.create(wordMask, new long[] {batch, rows / batch}, 'c').castTo(mask.dataType()),
                        currentMaskState);
            }
        }

        private void requireMask(INDArray x) {
            if (lastChar == null || lastChar.size(0) != x.size(0) || lastChar.size(1) != x.size(2)) {
                throw new IllegalStateException(getVertexName() + ": the character mask given does not match the input "
                        + java.util.Arrays.toString(x.shape()));
            }
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            requireInput();
            INDArray x = inputs[0];
            requireMask(x);
            long rows = x.size(0);
            long h = x.size(1) / 2;
            long slot = x.size(2);
            INDArray picked = Nd4j.createUninitialized(x.dataType(), rows, 2 * h);
            INDArray halves = Nd4j.createUninitialized(x.dataType(), rows, h, slot);
            Nd4j.exec(new BroadcastMulOp(x.get(all(), interval(0, h), all()), lastChar, halves, 0, 2));
            picked.get(all(), interval(0, h)).assign(halves.sum(2));
            Nd4j.exec(new BroadcastMulOp(x.get(all(), interval(h, 2 * h), all()), firstChar, halves, 0, 2));
            picked.get(all(), interval(h, 2 * h)).assign(halves.sum(2));
            INDArray perSentence = picked.reshape('c', batch, rows / batch, 2 * h).permute(0, 2, 1);
            return workspaceMgr.dup(ArrayType.ACTIVATIONS, perSentence, 'c');
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
            INDArray x = inputs[0];
            requireMask(x);
            long rows = x.size(0);
            long h = x.size(1) / 2;
            INDArray perWord = epsilon.permute(0, 2, 1).dup('c').reshape('c', rows, 2 * h);
            INDArray gradient = workspaceMgr.create(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
            spread(gradient.get(all(), interval(0, h), all()), perWord.get(all(), interval(0, h)), lastChar);
            spread(gradient.get(all(), interval(h, 2 * h), all()), perWord.get(all(), interval(h, 2 * h)), firstChar);
            return new Pair<>(null, new INDArray[] {gradient});
        }

        /** {@code into[r, j, c] = values[r, j] * oneHot[r, c]}: each word's gradient goes to the step it was read at. */
        private static void spread(INDArray into, INDArray values, INDArray oneHot) {
            Nd4j.exec(new BroadcastCopyOp(into, values, into, 0, 1));
            Nd4j.exec(new BroadcastMulOp(into, oneHot, into, 0, 2));
        }

        @Override
        public String toString() {
            return "CharacterSequences.Join(" + getVertexName() + ")";
        }
    }
}
