package org.seqlab.common.diag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.rnn.GRULayer;
import org.seqlab.common.rnn.RecurrentStack;

/**
 * The lecture's vanishing/exploding gradient diagnostic. For one recurrent cell it measures
 * <ul>
 *   <li>{@code ||dh_{k+d} / dh_k||} (Frobenius norm of the Jacobian of later hidden states with respect to
 *       the hidden state at step k, other state such as the LSTM cell held fixed) for d = 1..steps, at
 *       initialisation and after a little training, and</li>
 *   <li>{@code ||dL/dW||} per layer at every training iteration</li>
 * </ul>
 * on a memory task: classify, at the last step, the symbol shown at the first step. Jacobian norms come
 * from Jacobian-vector products with random Gaussian directions ({@code E||Jv||^2 = ||J||_F^2}),
 * computed by finite differences in double precision, all directions at once as rows of one batch.
 */
public final class GradientDiagnostics {
    private static final int WARM_UP = 5;
    private static final int DIRECTIONS = 16;
    private static final double EPSILON = 1e-6;

    /** What to measure; {@code symbols} is the size of the one-hot input alphabet. */
    public record Settings(int steps, int hidden, int symbols, int batch, int trainIterations, long seed) {
        public Settings {
            if (steps < 1 || hidden < 1 || symbols < 2 || batch < 1 || trainIterations < 0) {
                throw new IllegalArgumentException("steps, hidden, batch must be positive, symbols at least 2, iterations not negative");
            }
        }
    }

    /** One measurement: the norm at a distance (steps between the states). */
    public record Point(int distance, double norm) {
    }

    /** Everything measured for one cell; {@code gradientNorms} maps a layer name to its norm per iteration. */
    public record CellResult(CellType cell, List<Point> atInit, List<Point> afterTraining,
                             Map<String, double[]> gradientNorms, double[] losses) {
        /** Average factor by which the norm shrinks (below 1) or grows per step: (last / first)^(1 / (n - 1)). */
        public static double decayPerStep(List<Point> points) {
            if (points.size() < 2) {
                return Double.NaN;
            }
            double first = points.get(0).norm();
            double last = points.get(points.size() - 1).norm();
            return Math.pow(last / first, 1.0 / (points.size() - 1));
        }
    }

    private GradientDiagnostics() {
    }

    public static CellResult run(CellType cell, Settings settings) {
        MultiLayerNetwork net = network(cell, settings);
        Random random = new Random(settings.seed());
        INDArray probe = oneHot(randomSymbols(random, 1, WARM_UP + settings.steps(), settings.symbols()), settings.symbols());
        List<Point> atInit = jacobianNorms(cell, net, probe, settings.steps(), settings.seed());

        Map<String, double[]> gradientNorms = new LinkedHashMap<>();
        gradientNorms.put("layer0_" + cell.cliName(), new double[settings.trainIterations()]);
        gradientNorms.put("layer1_output", new double[settings.trainIterations()]);
        double[] losses = new double[settings.trainIterations()];
        for (int i = 0; i < settings.trainIterations(); i++) {
            int[][] symbols = randomSymbols(random, settings.batch(), settings.steps(), settings.symbols());
            INDArray x = oneHot(symbols, settings.symbols());
            INDArray y = Nd4j.zeros(DataType.DOUBLE, settings.batch(), settings.symbols(), settings.steps());
            INDArray labelMask = Nd4j.zeros(DataType.DOUBLE, settings.batch(), settings.steps());
            for (int b = 0; b < settings.batch(); b++) {
                y.putScalar(b, symbols[b][0], settings.steps() - 1, 1.0);
                labelMask.putScalar(b, settings.steps() - 1, 1.0);
            }
            // the raw gradient, before the updater rescales it inside fit()
            net.setInput(x);
            net.setLabels(y);
            net.setLayerMaskArrays(null, labelMask);
            net.computeGradientAndScore();
            losses[i] = net.score();
            gradientNorms.get("layer0_" + cell.cliName())[i] = layerNorm(net, "0_");
            gradientNorms.get("layer1_output")[i] = layerNorm(net, "1_");
            net.fit(x, y, null, labelMask);
        }
        List<Point> afterTraining = jacobianNorms(cell, net, probe, settings.steps(), settings.seed());
        return new CellResult(cell, atInit, afterTraining, gradientNorms, losses);
    }

    static MultiLayerNetwork network(CellType cell, Settings s) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(s.seed()).dataType(DataType.DOUBLE).updater(new Adam(1e-2)).list()
                .layer(RecurrentStack.cell(cell, s.symbols(), s.hidden()))
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(s.hidden()).nOut(s.symbols()).build())
                .build());
        net.init();
        return net;
    }

    private static double layerNorm(MultiLayerNetwork net, String prefix) {
        double sum = 0;
        for (Map.Entry<String, INDArray> e : net.gradient().gradientForVariable().entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                double n = e.getValue().norm2Number().doubleValue();
                sum += n * n;
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * ||dh_{k+d}/dh_k||_F for d = 1..steps, where k is the state after a short warm-up on {@code probe}.
     * The perturbations are propagated one step at a time and rescaled to size EPSILON after every step
     * (the growth factor is kept aside), so that the finite differences stay far above rounding error
     * even when the Jacobian has shrunk by many orders of magnitude; scaling commutes with the linearised
     * map, so the product of the factors and the last difference give J v.
     */
    static List<Point> jacobianNorms(CellType cell, MultiLayerNetwork net, INDArray probe, int steps, long seed) {
        RecurrentLayer layer = (RecurrentLayer) net.getLayer(0);
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
        layer.rnnClearPreviousState();
        layer.rnnTimeStep(probe.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, WARM_UP)).dup(), ws);
        String hiddenKey = hiddenStateKey(cell);

        // row 0 is the unperturbed state, rows 1..DIRECTIONS add EPSILON * v for Gaussian directions v
        int rows = DIRECTIONS + 1;
        Map<String, INDArray> state = new HashMap<>();
        layer.rnnGetPreviousState().forEach((key, value) -> state.put(key, value.repeat(0, rows)));
        Random random = new Random(seed);
        double[][] v = new double[DIRECTIONS][(int) state.get(hiddenKey).size(1)];
        for (double[] row : v) {
            for (int i = 0; i < row.length; i++) {
                row[i] = random.nextGaussian();
            }
        }
        state.get(hiddenKey).get(NDArrayIndex.interval(1, rows), NDArrayIndex.all()).addi(Nd4j.create(v).muli(EPSILON));
        double[] logScale = new double[DIRECTIONS];

        List<Point> points = new ArrayList<>(steps);
        for (int d = 1; d <= steps; d++) {
            layer.rnnSetPreviousState(state);
            INDArray input = probe.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(WARM_UP + d - 1, WARM_UP + d)).repeat(0, rows);
            layer.rnnTimeStep(input, ws);
            state.clear();
            state.putAll(layer.rnnGetPreviousState());
            Map<String, INDArray> diffs = new HashMap<>();
            state.forEach((key, value) -> diffs.put(key, value.get(NDArrayIndex.interval(1, rows), NDArrayIndex.all()).subRowVector(value.getRow(0))));
            double[] hiddenNorm = diffs.get(hiddenKey).norm2(1).toDoubleVector();
            INDArray squares = null;
            for (INDArray diff : diffs.values()) {
                INDArray sq = diff.mul(diff).sum(1);
                squares = squares == null ? sq : squares.addi(sq);
            }
            double[] stateNorm = Transforms.sqrt(squares, false).toDoubleVector();
            double sumSquares = 0;
            double[] factors = new double[DIRECTIONS];
            for (int r = 0; r < DIRECTIONS; r++) {
                double h = hiddenNorm[r] / EPSILON;
                sumSquares += Math.exp(2 * logScale[r]) * h * h;
                factors[r] = stateNorm[r] > 0 ? EPSILON / stateNorm[r] : 1;
                logScale[r] -= Math.log(factors[r]);
            }
            points.add(new Point(d, Math.sqrt(sumSquares / DIRECTIONS)));
            // rescale every direction's whole-state difference back to size EPSILON
            INDArray column = Nd4j.create(factors).reshape(DIRECTIONS, 1);
            for (Map.Entry<String, INDArray> e : diffs.entrySet()) {
                INDArray base = state.get(e.getKey()).getRow(0, true);
                state.put(e.getKey(), Nd4j.vstack(base, e.getValue().mulColumnVector(column).addiRowVector(base)));
            }
        }
        layer.rnnClearPreviousState();
        return points;
    }

    private static String hiddenStateKey(CellType cell) {
        return switch (cell) {
            case RNN -> SimpleRnn.STATE_KEY_PREV_ACTIVATION;
            case LSTM -> LSTM.STATE_KEY_PREV_ACTIVATION;
            case GRU -> GRULayer.STATE_KEY;
        };
    }

    private static int[][] randomSymbols(Random random, int n, int length, int symbols) {
        int[][] out = new int[n][length];
        for (int[] row : out) {
            for (int t = 0; t < length; t++) {
                row[t] = random.nextInt(symbols);
            }
        }
        return out;
    }

    private static INDArray oneHot(int[][] symbols, int size) {
        INDArray x = Nd4j.zeros(DataType.DOUBLE, symbols.length, size, symbols[0].length);
        for (int b = 0; b < symbols.length; b++) {
            for (int t = 0; t < symbols[b].length; t++) {
                x.putScalar(b, symbols[b][t], t, 1.0);
            }
        }
        return x;
    }
}
