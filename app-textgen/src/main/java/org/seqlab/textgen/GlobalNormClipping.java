package org.seqlab.textgen;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradient clipping as PyTorch's {@code clip_grad_norm_(model.parameters(), maxNorm)} after a loss averaged over
 * every predicted token: one L2 norm over all parameters, and all gradients scaled by the same factor when it is
 * above {@code maxNorm}.
 *
 * <p>DL4J's own options differ in two ways: they clip each layer (or parameter type) on its own, which changes
 * the direction of the step, and they see the gradient of the loss summed over the time steps of a window
 * (averaged over rows only), 100 times the per-token gradient for a 100-step window, so a threshold of 5 clipped
 * nearly every step. Here the threshold applies to the per-token gradient; the gradient is scaled in place after
 * backprop and before the updater divides it by the number of rows.
 */
final class GlobalNormClipping extends BaseTrainingListener {
    private final double maxNorm;

    GlobalNormClipping(double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("the clipping norm must be positive, got " + maxNorm);
        }
        this.maxNorm = maxNorm;
    }

    @Override
    public void onGradientCalculation(Model model) {
        MultiLayerNetwork net = (MultiLayerNetwork) model;
        // windows are never masked (TextStreams): every row predicts every step
        INDArray labels = net.getLabels();
        double tokens = (double) labels.size(0) * labels.size(2);
        // the flattened view that the updater reads: scaling it scales every parameter's gradient
        INDArray gradient = net.getFlattenedGradients();
        double perTokenNorm = gradient.norm2Number().doubleValue() / tokens;
        if (perTokenNorm > maxNorm) {
            gradient.muli(maxNorm / perTokenNorm);
        }
    }
}
