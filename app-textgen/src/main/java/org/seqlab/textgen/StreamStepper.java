package org.seqlab.textgen;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.seqlab.common.decode.StepModel;
import org.seqlab.common.rnn.GRU;

/**
 * One stream of a trained text-generation network stepped in plain Java arrays: what sampling needs, one token
 * at a time. DL4J's {@code rnnTimeStep} spends a few milliseconds per token on one row (a dozen native calls per
 * layer, each with its own overhead) where the arithmetic is 0.6 M multiply-adds for 2 x 256 units; here it is
 * loops over copies of the weights. Same maths as the layers (tested against {@code rnnTimeStep}): our GRU, DL4J's
 * LSTM gate layout (block input, forget, output, input gate; no peepholes) as our fused LSTM keeps it, the tanh
 * RNN, an embedding for words, a softmax output. Dropout does nothing at inference. {@link #of} gives null for a
 * network with anything else, which then steps through DL4J.
 */
final class StreamStepper implements StepModel {
    private final float[] embedding;
    private final float[] embeddingBias;
    private final int embeddingDim;
    private final List<Recurrent> layers;
    private final float[] outWeights;
    private final float[] outBias;
    private final int vocabulary;
    private final float[] logits;

    private StreamStepper(float[] embedding, float[] embeddingBias, int embeddingDim, List<Recurrent> layers,
                          float[] outWeights, float[] outBias, int vocabulary) {
        this.embedding = embedding;
        this.embeddingBias = embeddingBias;
        this.embeddingDim = embeddingDim;
        this.layers = layers;
        this.outWeights = outWeights;
        this.outBias = outBias;
        this.vocabulary = vocabulary;
        this.logits = new float[vocabulary];
    }

    /** The stepper of {@code net}, or null when a layer is not one of the kinds above. */
    static StreamStepper of(MultiLayerNetwork net) {
        float[] embedding = null;
        float[] embeddingBias = null;
        int embeddingDim = 0;
        List<Recurrent> layers = new ArrayList<>();
        int n = net.getnLayers();
        for (int i = 0; i < n - 1; i++) {
            Layer conf = net.getLayer(i).conf().getLayer();
            if (i == 0 && conf instanceof EmbeddingSequenceLayer e && e.getActivationFn() instanceof ActivationIdentity) {
                embedding = weights(net, i, "W");
                embeddingDim = (int) e.getNOut();
                embeddingBias = e.hasBias() ? weights(net, i, "b") : new float[embeddingDim];
            } else if (conf instanceof GRU g) {
                layers.add(new Recurrent(Kind.GRU, (int) g.getNIn(), (int) g.getNOut(), weights(net, i, "W"),
                        weights(net, i, "RW"), weights(net, i, "b")));
            } else if (conf instanceof LSTM l && l.getActivationFn() instanceof ActivationTanH
                    && l.getGateActivationFn() instanceof ActivationSigmoid) {
                layers.add(new Recurrent(Kind.LSTM, (int) l.getNIn(), (int) l.getNOut(), weights(net, i, "W"),
                        weights(net, i, "RW"), weights(net, i, "b")));
            } else if (conf instanceof SimpleRnn r && r.getActivationFn() instanceof ActivationTanH && !r.hasLayerNorm()) {
                layers.add(new Recurrent(Kind.RNN, (int) r.getNIn(), (int) r.getNOut(), weights(net, i, "W"),
                        weights(net, i, "RW"), weights(net, i, "b")));
            } else {
                return null;
            }
        }
        Layer out = net.getLayer(n - 1).conf().getLayer();
        if (layers.isEmpty() || !(out instanceof RnnOutputLayer o) || !(o.getActivationFn() instanceof ActivationSoftmax)) {
            return null;
        }
        return new StreamStepper(embedding, embeddingBias, embeddingDim, layers, weights(net, n - 1, "W"), weights(net, n - 1, "b"),
                (int) o.getNOut());
    }

    /** A parameter as a row-major copy: [rows, columns] of its DL4J shape. */
    private static float[] weights(MultiLayerNetwork net, int layer, String key) {
        return net.getParam(layer + "_" + key).dup('c').data().asFloat();
    }

    @Override
    public int vocabularySize() {
        return vocabulary;
    }

    @Override
    public void start(int rows) {
        if (rows != 1) {
            throw new IllegalArgumentException("steps one stream, not " + rows);
        }
        layers.forEach(Recurrent::reset);
    }

    @Override
    public float[][] step(int[] tokens) {
        int token = tokens[0];
        float[] x = null;
        if (embedding != null) {
            x = new float[embeddingDim];
            for (int j = 0; j < embeddingDim; j++) {
                x[j] = embedding[token * embeddingDim + j] + embeddingBias[j];
            }
        }
        for (int i = 0; i < layers.size(); i++) {
            // a one-hot first input selects a row of the input weights
            x = i == 0 && x == null ? layers.get(0).stepOneHot(token) : layers.get(i).step(x);
        }
        System.arraycopy(outBias, 0, logits, 0, vocabulary);
        accumulate(x, outWeights, logits);
        float max = Float.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : logits) {
            sum += Math.exp(v - max);
        }
        float logSum = (float) (max + Math.log(sum));
        float[] logProbs = new float[vocabulary];
        for (int j = 0; j < vocabulary; j++) {
            logProbs[j] = logits[j] - logSum;
        }
        return new float[][] {logProbs};
    }

    @Override
    public void select(int[] rows) {
        if (rows.length != 1 || rows[0] != 0) {
            throw new UnsupportedOperationException("one stream only");
        }
    }

    /** out += x · W for row-major W [x.length, out.length]. */
    static void accumulate(float[] x, float[] w, float[] out) {
        int m = out.length;
        for (int i = 0; i < x.length; i++) {
            float xi = x[i];
            if (xi == 0) {
                continue;
            }
            int row = i * m;
            for (int j = 0; j < m; j++) {
                out[j] += xi * w[row + j];
            }
        }
    }

    private static float sigmoid(float v) {
        return (float) (1 / (1 + Math.exp(-v)));
    }

    private enum Kind {
        RNN(1), LSTM(4), GRU(3);

        final int blocks;

        Kind(int blocks) {
            this.blocks = blocks;
        }
    }

    /** One recurrent layer's weights and state. */
    private static final class Recurrent {
        private final Kind kind;
        private final int hidden;
        private final float[] w;
        private final float[] rw;
        private final float[] b;
        private final float[] pre;
        private final float[] h;
        private final float[] c;
        private final float[] scratch;

        Recurrent(Kind kind, int nIn, int hidden, float[] w, float[] rw, float[] b) {
            if (w.length != nIn * kind.blocks * hidden || rw.length != hidden * kind.blocks * hidden
                    || b.length != kind.blocks * hidden) {
                throw new IllegalArgumentException(kind + " parameters of unexpected sizes");
            }
            this.kind = kind;
            this.hidden = hidden;
            this.w = w;
            this.rw = rw;
            this.b = b;
            this.pre = new float[kind.blocks * hidden];
            this.h = new float[hidden];
            this.c = new float[hidden];
            this.scratch = new float[hidden];
        }

        void reset() {
            java.util.Arrays.fill(h, 0);
            java.util.Arrays.fill(c, 0);
        }

        float[] stepOneHot(int token) {
            System.arraycopy(b, 0, pre, 0, pre.length);
            int row = token * pre.length;
            for (int j = 0; j < pre.length; j++) {
                pre[j] += w[row + j];
            }
            return advance();
        }

        float[] step(float[] x) {
            System.arraycopy(b, 0, pre, 0, pre.length);
            accumulate(x, w, pre);
            return advance();
        }

        /** Completes the step from the input part of the pre-activations in {@code pre}; returns a copy of h. */
        private float[] advance() {
            int n = hidden;
            switch (kind) {
                case RNN -> {
                    accumulate(h, rw, pre);
                    for (int j = 0; j < n; j++) {
                        h[j] = (float) Math.tanh(pre[j]);
                    }
                }
                case LSTM -> {
                    accumulate(h, rw, pre);
                    for (int j = 0; j < n; j++) {
                        float a = (float) Math.tanh(pre[j]);
                        float f = sigmoid(pre[n + j]);
                        float o = sigmoid(pre[2 * n + j]);
                        float i = sigmoid(pre[3 * n + j]);
                        c[j] = f * c[j] + i * a;
                        h[j] = o * (float) Math.tanh(c[j]);
                    }
                }
                case GRU -> {
                    // z and r from the first two blocks of h·RW; the candidate reads (r * h)·RW's third block
                    int g = 3 * n;
                    for (int i = 0; i < n; i++) {
                        float hi = h[i];
                        if (hi == 0) {
                            continue;
                        }
                        int row = i * g;
                        for (int j = 0; j < 2 * n; j++) {
                            pre[j] += hi * rw[row + j];
                        }
                    }
                    for (int j = 0; j < 2 * n; j++) {
                        pre[j] = sigmoid(pre[j]);
                    }
                    for (int i = 0; i < n; i++) {
                        float ri = pre[n + i] * h[i];
                        if (ri == 0) {
                            continue;
                        }
                        int row = i * g + 2 * n;
                        for (int j = 0; j < n; j++) {
                            pre[2 * n + j] += ri * rw[row + j];
                        }
                    }
                    for (int j = 0; j < n; j++) {
                        float candidate = (float) Math.tanh(pre[2 * n + j]);
                        float z = pre[j];
                        scratch[j] = z * h[j] + (1 - z) * candidate;
                    }
                    System.arraycopy(scratch, 0, h, 0, n);
                }
                default -> throw new IllegalStateException();
            }
            return h.clone();
        }
    }
}
