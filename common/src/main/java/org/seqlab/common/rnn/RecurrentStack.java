package org.seqlab.common.rnn;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.nd4j.linalg.activations.Activation;

/**
 * The cell factory: stacks of {@code rnn} (vanilla tanh), {@code lstm} or {@code gru} layers as DL4J layer
 * configurations, optionally bidirectional, with dropout between layers, for both MultiLayerNetwork list
 * builders and ComputationGraph builders.
 */
public final class RecurrentStack {
    private RecurrentStack() {
    }

    /** The shape of a stack; {@code dropout} is the probability of dropping an input of layers 2..N. */
    public record Spec(CellType cell, int hidden, int layers, double dropout, boolean bidirectional, Bidirectional.Mode mode) {
        public Spec {
            if (hidden < 1 || layers < 1) {
                throw new IllegalArgumentException("hidden and layers must be positive, got " + hidden + " and " + layers);
            }
            if (dropout < 0 || dropout >= 1) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            }
            if (bidirectional && mode != Bidirectional.Mode.CONCAT && mode != Bidirectional.Mode.ADD) {
                throw new IllegalArgumentException("bidirectional mode must be CONCAT or ADD, got " + mode);
            }
        }

        /** Unidirectional, or bidirectional with concatenated directions, from the common options. */

        /** Features per time step coming out of every layer of the stack. */
        public int outputSize() {
            return bidirectional && mode == Bidirectional.Mode.CONCAT ? 2 * hidden : hidden;
        }
    }

    /** One recurrent layer of the given cell; tanh for the vanilla RNN, DL4J's defaults otherwise. */
    public static BaseRecurrentLayer cell(CellType cell, int nIn, int hidden) {
        return switch (cell) {
            case RNN -> new SimpleRnn.Builder().nIn(nIn).nOut(hidden).activation(Activation.TANH).build();
            // DL4J's LSTM maths with a faster CPU step (docs/performance.md); falls back to DL4J's code elsewhere
            case LSTM -> new FusedLstm(nIn, hidden);
            case GRU -> new GRU.Builder().nIn(nIn).nOut(hidden).build();
        };
    }

    /** The layers of a stack reading {@code nIn} features, in order. */
    public static List<Layer> layers(CellType cell, int nIn, int hidden, int layers, double dropout,
                                     boolean bidirectional, Bidirectional.Mode mode) {
        return layers(new Spec(cell, hidden, layers, dropout, bidirectional, mode), nIn);
    }

    public static List<Layer> layers(Spec spec, int nIn) {
        List<Layer> out = new ArrayList<>(spec.layers());
        for (int i = 0; i < spec.layers(); i++) {
            BaseRecurrentLayer layer = cell(spec.cell(), i == 0 ? nIn : spec.outputSize(), spec.hidden());
            if (i > 0 && spec.dropout() > 0) {
                // DL4J's Dropout takes the probability of keeping an activation
                layer.setIDropout(new Dropout(1 - spec.dropout()));
            }
            out.add(spec.bidirectional() ? new FusedBidirectional(spec.mode(), layer) : layer);
        }
        return out;
    }

    /**
     * The stack followed by the many-to-one reduction: with {@link Pooling#LAST} the top layer is wrapped in
     * DL4J's {@link LastTimeStep}, otherwise a masked global pooling layer follows. The output is
     * [batch, {@link Spec#outputSize()}]. For a bidirectional stack prefer MEAN or MAX: the last step of the
     * backward direction has seen only the last token.
     */
    public static List<Layer> manyToOne(Spec spec, int nIn, Pooling pooling) {
        List<Layer> out = layers(spec, nIn);
        if (pooling == Pooling.LAST) {
            out.set(out.size() - 1, new LastTimeStep(out.get(out.size() - 1)));
        } else {
            out.add(poolingLayer(pooling));
        }
        return out;
    }

    /** Masked mean or max pooling over time. */
    public static GlobalPoolingLayer poolingLayer(Pooling pooling) {
        PoolingType type = switch (pooling) {
            case MEAN -> PoolingType.AVG;
            case MAX -> PoolingType.MAX;
            case LAST -> throw new IllegalArgumentException("LAST is not a pooling layer: wrap the top layer in LastTimeStep");
        };
        return new GlobalPoolingLayer.Builder(type).build();
    }

    /**
     * Adds the stack to a graph as vertices {@code prefix0..prefixN-1} reading {@code input}; returns the name
     * of the top vertex, whose output is a time series of {@link Spec#outputSize()} features.
     */
    public static String addTo(ComputationGraphConfiguration.GraphBuilder graph, String prefix, String input, Spec spec, int nIn) {
        String previous = input;
        List<Layer> layers = layers(spec, nIn);
        for (int i = 0; i < layers.size(); i++) {
            String name = prefix + i;
            graph.addLayer(name, layers.get(i), previous);
            previous = name;
        }
        return previous;
    }

    /** Like {@link #addTo} followed by the many-to-one reduction; returns the name of the [batch, features] vertex. */
    public static String addManyToOne(ComputationGraphConfiguration.GraphBuilder graph, String prefix, String input,
                                      Spec spec, int nIn, Pooling pooling) {
        String previous = input;
        List<Layer> layers = manyToOne(spec, nIn, pooling);
        for (int i = 0; i < layers.size(); i++) {
            String name = i < spec.layers() ? prefix + i : prefix + "pool";
            graph.addLayer(name, layers.get(i), previous);
            previous = name;
        }
        return previous;
    }
}
