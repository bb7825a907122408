package org.seqlab.common.rnn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.TimeSeriesUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.api.ops.impl.transforms.custom.LogSoftMax;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossSparseMCXENT;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The layer of {@link SoftmaxOutput}. DL4J's output layer computes the logits (a [rows, inputs] x [inputs,
 * classes] product, the largest in a translation step) twice per training step, for the gradient and again for
 * the score, and runs softmax, one-hot labels and loss as separate whole-matrix operations each time. Here
 * backprop computes the logits once, turns them into the loss gradient in place (one pass per row on the SIMD
 * path, or ND4J operations), keeps the loss, and the score of the same pass reuses it. Predictions multiply into
 * a row-major result. Any other loss or activation runs DL4J's code.
 */
public class SoftmaxOutputLayer extends LossCachingOutputLayer {
    /** The SIMD row loop, or null: the ND4J operations run. Package-private so that tests compare the two. */
    SoftmaxSteps simd = SoftmaxSteps.vectorised();
    /** The summed loss of the latest backprop. */
    private double lossSum;

    public SoftmaxOutputLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Sparse cross-entropy of a softmax, one mask value per step: what the fused pass computes. */
    private boolean fusable() {
        return layerConf().getLossFn() instanceof LossSparseMCXENT loss && loss.getWeights() == null
                && layerConf().getActivationFn() instanceof ActivationSoftmax
                && input.rank() == 3 && labels != null && labels.rank() == 3 && labels.size(1) == 1
                && (maskArray == null || maskArray.isColumnVector());
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        forgetLoss();
        assertInputSet(true);
        if (!fusable()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        boolean nwc = layerConf().getRnnDataFormat() == RNNFormat.NWC;
        INDArray input3d = input;
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, true, workspaceMgr);
        INDArray b = hasBias() ? getParamWithNoise(DefaultParamInitializer.BIAS_KEY, true, workspaceMgr) : null;
        input = TimeSeriesUtils.reshape3dTo2d((nwc ? input3d.permute(0, 2, 1) : input3d).castTo(w.dataType()),
                workspaceMgr, ArrayType.BP_WORKING_MEM);
        applyDropOutIfNecessary(true, workspaceMgr);
        INDArray x = input;
        // C order: a row's classes are contiguous for the softmax
        INDArray delta = workspaceMgr.createUninitialized(ArrayType.BP_WORKING_MEM, w.dataType(),
                new long[] {x.size(0), w.size(1)}, 'c');
        DirectGemm.gemm(x, w, delta, false, false, 1.0, 0.0);
        INDArray labels2d = TimeSeriesUtils.reshape3dTo2d(nwc ? labels.permute(0, 2, 1) : labels, workspaceMgr,
                ArrayType.BP_WORKING_MEM);
        float clip = (float) ((LossSparseMCXENT) layerConf().getLossFn()).getSoftmaxClipEps();
        float smoothing = layerConf() instanceof SoftmaxOutput conf ? (float) conf.getLabelSmoothing() : 0f;
        lossSum = simd != null && delta.dataType() == DataType.FLOAT
                ? lossAndGradientSimd(delta, b, labels2d, clip, smoothing)
                : lossAndGradientNd4j(delta, b, labels2d, clip, smoothing);

        Gradient gradient = new DefaultGradient();
        INDArray weightGradient = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        DirectGemm.gemm(x, delta, weightGradient, true, false, 1.0, 0.0);
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGradient);
        if (hasBias()) {
            INDArray biasGradient = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            delta.sum(biasGradient, 0);
            gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGradient);
        }
        INDArray epsilon3d = finishBackprop(gradient, delta, w, input3d, workspaceMgr);
        return new Pair<>(gradient, nwc ? epsilon3d.permute(0, 2, 1) : epsilon3d);
    }

    private double lossAndGradientSimd(INDArray logits, INDArray bias, INDArray labels2d, float clip, float smoothing) {
        int rows = (int) logits.size(0);
        float[] mask = maskArray == null ? null : maskArray.castTo(DataType.FLOAT).reshape(rows).toFloatVector();
        return simd.lossAndGradient(NativeFloats.bytes(logits), rows, (int) logits.size(1),
                bias == null ? null : bias.castTo(DataType.FLOAT).reshape(bias.length()).toFloatVector(),
                labels2d.reshape(rows).toIntVector(), mask, clip, smoothing);
    }

    private double lossAndGradientNd4j(INDArray logits, INDArray bias, INDArray labels2d, double clip, double smoothing) {
        long rows = logits.size(0);
        long classes = logits.size(1);
        if (bias != null) {
            logits.addiRowVector(bias);
        }
        INDArray logSoftmax = smoothing > 0 ? Nd4j.exec(new LogSoftMax(logits, 1))[0] : null;
        Nd4j.exec(new SoftMax(logits, logits, 1));
        INDArray oneHot = Nd4j.exec(new OneHot(labels2d.reshape(rows).castTo(DataType.INT), (int) classes, 1,
                1.0, 0.0, logits.dataType()))[0];
        INDArray picked = Transforms.log(Transforms.max(logits.mul(oneHot).sum(1), clip, false), false);
        if (smoothing > 0) {
            picked.muli(1 - smoothing).addi(logSoftmax.sum(1).muli(smoothing / classes));
            logits.subi(oneHot.muli(1 - smoothing)).subi(smoothing / classes);
        } else {
            logits.subi(oneHot);
        }
        if (maskArray != null) {
            INDArray mask = maskArray.castTo(logits.dataType());
            picked.muli(mask.reshape(rows));
            logits.muliColumnVector(mask);
        }
        return -picked.sumNumber().doubleValue();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (training || input.rank() != 3 || !(layerConf().getActivationFn() instanceof ActivationSoftmax)) {
            return super.activate(training, workspaceMgr);
        }
        INDArray w = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, false, workspaceMgr);
        boolean nwc = layerConf().getRnnDataFormat() == RNNFormat.NWC;
        INDArray x = TimeSeriesUtils.reshape3dTo2d((nwc ? input.permute(0, 2, 1) : input).castTo(w.dataType()),
                workspaceMgr, ArrayType.FF_WORKING_MEM);
        // into a row-major result, so that the softmax reads each row contiguously (DL4J's mmul writes a
        // column-major one, several times slower for the few rows of a decoding step)
        INDArray probabilities = workspaceMgr.createUninitialized(ArrayType.FF_WORKING_MEM, w.dataType(),
                new long[] {x.size(0), w.size(1)}, 'c');
        DirectGemm.gemm(x, w, probabilities, false, false, 1.0, 0.0);
        if (hasBias()) {
            probabilities.addiRowVector(getParamWithNoise(DefaultParamInitializer.BIAS_KEY, false, workspaceMgr));
        }
        Nd4j.exec(new SoftMax(probabilities, probabilities, 1));
        if (maskArray != null) {
            probabilities.muliColumnVector(maskArray.castTo(probabilities.dataType()));
        }
        INDArray out = TimeSeriesUtils.reshape2dTo3d(probabilities, input.size(0), workspaceMgr, ArrayType.ACTIVATIONS);
        return nwc ? out.permute(0, 2, 1) : out;
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!lossIsCurrent()) {
            return super.computeScore(fullNetRegTerm, training, workspaceMgr);
        }
        double score = lossSum;
        if (conf().isMiniBatch()) {
            score /= getInputMiniBatchSize();
        }
        this.score = score + fullNetRegTerm;
        return this.score;
    }
}
