package org.seqlab.common.diag;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.cli.Cli;
import org.seqlab.common.report.Charts;
import org.seqlab.common.report.Report;
import org.seqlab.common.rnn.CellType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seqlab gradients}: compares how gradients vanish or explode through time in each recurrent cell. */
@Command(name = "gradients", mixinStandardHelpOptions = true,
        description = {"Measures ||dh_(k+d)/dh_k|| for d = 1..steps at initialisation and after a little training, "
                + "and the gradient norm of every layer during that training, on a memory task (recall the first "
                + "symbol at the last step). Writes report.html, charts and metrics.json."})
public class GradientsCommand implements Callable<Integer> {
    @Option(names = "--cells", split = ",", paramLabel = "rnn|lstm|gru",
            description = "Cells to compare, comma-separated. Default: ${DEFAULT-VALUE}.", defaultValue = "rnn,lstm,gru")
    List<CellType> cells;

    @Option(names = "--steps", paramLabel = "N",
            description = "Sequence length: distances 1..N are measured. Default: ${DEFAULT-VALUE}.")
    int steps = 50;

    @Option(names = "--hidden", paramLabel = "N", description = "Units of the recurrent layer. Default: ${DEFAULT-VALUE}.")
    int hidden = 64;

    @Option(names = "--symbols", paramLabel = "N",
            description = "Size of the one-hot input alphabet of the memory task. Default: ${DEFAULT-VALUE}.")
    int symbols = 8;

    @Option(names = "--batch", paramLabel = "N", description = "Sequences per training iteration. Default: ${DEFAULT-VALUE}.")
    int batch = 16;

    @Option(names = "--train-iterations", paramLabel = "N",
            description = "Training iterations between the two measurements (Adam, lr 0.01). Default: ${DEFAULT-VALUE}.")
    int trainIterations = 50;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed for weights and data. Default: ${DEFAULT-VALUE}.")
    long seed = 42;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where to write report.html, the charts and metrics.json. Default: ${DEFAULT-VALUE}.")
    Path out = Path.of("reports", "gradients");

    @Override
    public Integer call() throws Exception {
        if (cells.isEmpty()) {
            throw new BadInputException("--cells needs at least one of rnn, lstm, gru");
        }
        require(steps >= 2 && steps <= 10_000, "--steps must be between 2 and 10000, got " + steps);
        require(hidden >= 1 && hidden <= 4096, "--hidden must be between 1 and 4096, got " + hidden);
        require(symbols >= 2 && symbols <= 1000, "--symbols must be between 2 and 1000, got " + symbols);
        require(batch >= 1 && batch <= 4096, "--batch must be between 1 and 4096, got " + batch);
        require(trainIterations >= 1 && trainIterations <= 100_000, "--train-iterations must be between 1 and 100000, got " + trainIterations);
        long start = System.nanoTime();
        GradientDiagnostics.Settings settings = new GradientDiagnostics.Settings(steps, hidden, symbols, batch, trainIterations, seed);
        List<GradientDiagnostics.CellResult> results = new ArrayList<>();
        for (CellType cell : cells.stream().distinct().toList()) {
            System.err.println("gradients: measuring " + cell.cliName());
            results.add(GradientDiagnostics.run(cell, settings));
        }
        Path report = write(results, (System.nanoTime() - start) / 1e9);
        System.out.println(report);
        return 0;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException(message);
        }
    }

    private Path write(List<GradientDiagnostics.CellResult> results, double seconds) throws java.io.IOException {
        Report report = new Report("Vanishing and exploding gradients", out);
        Map<String, double[][]> init = new LinkedHashMap<>();
        Map<String, double[][]> trained = new LinkedHashMap<>();
        Map<String, double[][]> gradients = new LinkedHashMap<>();
        Map<String, Object> metrics = new LinkedHashMap<>();
        List<List<?>> rows = new ArrayList<>();
        for (GradientDiagnostics.CellResult r : results) {
            String name = r.cell().cliName();
            init.put(name, series(r.atInit()));
            trained.put(name, series(r.afterTraining()));
            double[] layer0 = r.gradientNorms().get("layer0_" + name);
            double[] xs = new double[layer0.length];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = i + 1;
            }
            gradients.put(name, new double[][] {xs, layer0});
            double decayInit = GradientDiagnostics.CellResult.decayPerStep(r.atInit());
            double decayTrained = GradientDiagnostics.CellResult.decayPerStep(r.afterTraining());
            metrics.put(name + "_jacobian_d1_init", r.atInit().get(0).norm());
            metrics.put(name + "_jacobian_dmax_init", r.atInit().get(r.atInit().size() - 1).norm());
            metrics.put(name + "_decay_per_step_init", decayInit);
            metrics.put(name + "_decay_per_step_trained", decayTrained);
            metrics.put(name + "_grad_norm_first", layer0[0]);
            metrics.put(name + "_grad_norm_last", layer0[layer0.length - 1]);
            metrics.put(name + "_loss_last", r.losses()[r.losses().length - 1]);
            rows.add(List.of(name, decayInit, decayTrained, r.atInit().get(r.atInit().size() - 1).norm(),
                    layer0[0], layer0[layer0.length - 1]));
        }
        metrics.put("steps", steps);
        metrics.put("hidden", hidden);
        metrics.put("seconds", seconds);

        Charts.line(report.chartPath("jacobian_init.png"), "||dh(k+d)/dh(k)|| at initialisation", "distance d (steps)",
                "Frobenius norm (log scale)", true, init);
        Charts.line(report.chartPath("jacobian_trained.png"), "||dh(k+d)/dh(k)|| after " + trainIterations + " iterations",
                "distance d (steps)", "Frobenius norm (log scale)", true, trained);
        Charts.line(report.chartPath("gradient_norms.png"), "||dL/dW|| of the recurrent layer during training", "iteration",
                "L2 norm (log scale)", true, gradients);
        report.section("Settings").paragraph("Memory task: recall at step " + steps + " the symbol shown at step 1, "
                        + symbols + " symbols, " + hidden + " hidden units, batch " + batch + ", seed " + seed + ".")
                .section("Jacobian norms over distance")
                .paragraph("How much a change of the hidden state at step k still moves the state d steps later "
                        + "(other state, such as the LSTM cell, held fixed at step k). A vanilla RNN multiplies by "
                        + "W^T diag(tanh') at every step, so the norm changes geometrically: it vanishes when "
                        + "gamma * sigma_max(W) < 1 and may explode above. Gated cells carry their state through "
                        + "element-wise gates, so their decay follows the gate values. The slope of each line on the "
                        + "log scale is the log of the decay per step listed in the table.")
                .image("jacobian_init.png", "At initialisation")
                .image("jacobian_trained.png", "After a little training")
                .section("Gradient norms during training")
                .image("gradient_norms.png", "Recurrent layer gradient norm per iteration")
                .table(List.of("cell", "decay per step (init)", "decay per step (trained)", "norm at d = " + steps + " (init)",
                        "grad norm, first iteration", "grad norm, last iteration"), rows)
                .metrics(metrics);
        return report.write();
    }

    private static double[][] series(List<GradientDiagnostics.Point> points) {
        double[][] xy = new double[2][points.size()];
        for (int i = 0; i < points.size(); i++) {
            xy[0][i] = points.get(i).distance();
            xy[1][i] = points.get(i).norm();
        }
        return xy;
    }

    public static void main(String[] args) {
        Cli.main(new GradientsCommand(), args);
    }
}
