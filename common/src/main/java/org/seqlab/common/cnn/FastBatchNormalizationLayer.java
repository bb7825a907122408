package org.seqlab.common.cnn;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.common.rnn.NativeFloats;

/**
 * DL4J's batch-norm layer plus its configured activation, with {@link BatchNormSteps} in the helper slot on the CPU
 * (ReLU fused into the normalisation and its gradient). Where the loops do not apply (another backend, no Vector
 * API, NHWC or non-float input) DL4J's own path normalises and the activation runs as an ND4J operation after it.
 * DL4J keeps the running mean and variance either way, from the batch moments the helper reports.
 */
public class FastBatchNormalizationLayer extends BatchNormalization {
    /** DL4J's helper field is package-private; the layer's own class is the one place that sets it. */
    private static final VarHandle HELPER;

    static {
        try {
            HELPER = MethodHandles.privateLookupIn(BatchNormalization.class, MethodHandles.lookup())
                    .findVarHandle(BatchNormalization.class, "helper", BatchNormalizationHelper.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final HostHelper host;
    /** The normalised output before the activation, kept from a training pass the helper did not take. */
    private INDArray preActivation;

    public FastBatchNormalizationLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
        IActivation activation = layerConf().getActivationFn();
        boolean fusable = activation instanceof ActivationIdentity || activation instanceof ActivationReLU;
        BatchNormSteps steps = BatchNormSteps.vectorised();
        if (Nd4j.getEnvironment().isCPU() && steps != null && fusable && !layerConf().isLockGammaBeta()) {
            host = new HostHelper(steps, activation instanceof ActivationReLU);
            HELPER.set(this, host);
        } else {
            host = null;
        }
    }

    /** Whether the CPU loops normalise this layer (else DL4J's path and an ND4J activation). */
    public boolean usesHostLoops() {
        return host != null;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        preActivation = null;
        INDArray out = super.activate(training, workspaceMgr);
        IActivation activation = layerConf().getActivationFn();
        if ((host != null && host.applied) || activation instanceof ActivationIdentity) {
            return out;
        }
        if (training) {
            // outside the workspaces: the layer's working memory is recycled before back-propagation
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                preActivation = out.dup();
            }
        }
        return activation.getActivation(out, training);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (preActivation != null) {
            epsilon = layerConf().getActivationFn().backprop(preActivation, epsilon).getFirst();
            preActivation = null;
        }
        return super.backpropGradient(epsilon, workspaceMgr);
    }

    /** Normalises C-order NCHW floats with {@link BatchNormSteps}; declines (null) anything else. */
    static final class HostHelper implements BatchNormalizationHelper {
        private final BatchNormSteps steps;
        private final boolean relu;
        /** Whether the last forward pass was this helper's (and so applied the ReLU). */
        boolean applied;
        private INDArray meanCache;
        private INDArray varCache;
        private float[] mean;
        private float[] invStd;

        HostHelper(BatchNormSteps steps, boolean relu) {
            this.steps = steps;
            this.relu = relu;
        }

        private static boolean supported(INDArray x, CNN2DFormat format, INDArray gamma) {
            return x.rank() == 4 && format == CNN2DFormat.NCHW && x.dataType() == DataType.FLOAT && gamma != null
                    && x.length() <= Integer.MAX_VALUE / Float.BYTES;
        }

        @Override
        public boolean checkSupported(double eps, boolean fixedGammaBeta) {
            return !fixedGammaBeta;
        }

        @Override
        public boolean checkSupported() {
            return true;
        }

        @Override
        public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta,
                                  INDArray globalMean, INDArray globalVar, double decay, double eps, CNN2DFormat format,
                                  LayerWorkspaceMgr workspaceMgr) {
            applied = false;
            if (!supported(x, format, gamma)) {
                return null;
            }
            INDArray input = NativeFloats.whole(x);
            int n = (int) input.size(0);
            int channels = (int) input.size(1);
            int hw = (int) (input.size(2) * input.size(3));
            ByteBuffer in = NativeFloats.bytes(input);
            float[] m;
            float[] variance;
            if (training) {
                m = new float[channels];
                variance = new float[channels];
                steps.moments(in, n, channels, hw, m, variance);
                keepMoments(m, variance);
            } else {
                m = globalMean.toFloatVector();
                variance = globalVar.toFloatVector();
            }
            float[] g = gamma.toFloatVector();
            float[] b = beta.toFloatVector();
            float[] scale = new float[channels];
            float[] shift = new float[channels];
            float[] inv = new float[channels];
            for (int c = 0; c < channels; c++) {
                inv[c] = (float) (1 / Math.sqrt(variance[c] + eps));
                scale[c] = g[c] * inv[c];
                shift[c] = b[c] - m[c] * scale[c];
            }
            if (training) {
                mean = m;
                invStd = inv;
            }
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, input.shape());
            steps.normalise(in, NativeFloats.bytes(out), n, channels, hw, scale, shift, relu);
            applied = true;
            return out;
        }

        /** The batch moments, where DL4J's layer reads them to move its running mean and variance. */
        private void keepMoments(float[] m, float[] variance) {
            if (meanCache == null || meanCache.length() != m.length) {
                try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                    meanCache = Nd4j.createUninitialized(DataType.FLOAT, m.length);
                    varCache = Nd4j.createUninitialized(DataType.FLOAT, m.length);
                }
            }
            meanCache.assign(Nd4j.createFromArray(m));
            varCache.assign(Nd4j.createFromArray(variance));
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray epsilon, long[] shape, INDArray gamma,
                                                         INDArray beta, INDArray dGammaView, INDArray dBetaView,
                                                         double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
            if (!supported(input, format, gamma) || mean == null) {
                return null;
            }
            INDArray x = NativeFloats.whole(input);
            INDArray dy = NativeFloats.whole(epsilon);
            int n = (int) x.size(0);
            int channels = (int) x.size(1);
            int hw = (int) (x.size(2) * x.size(3));
            float[] dGamma = new float[channels];
            float[] dBeta = new float[channels];
            INDArray dx = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, x.shape());
            steps.backward(NativeFloats.bytes(x), NativeFloats.bytes(dy), NativeFloats.bytes(dx), n, channels, hw, mean,
                    invStd, gamma.toFloatVector(), beta.toFloatVector(), relu, dGamma, dBeta);
            dGammaView.assign(Nd4j.createFromArray(dGamma).reshape(dGammaView.shape()));
            dBetaView.assign(Nd4j.createFromArray(dBeta).reshape(dBetaView.shape()));
            Gradient gradient = new DefaultGradient();
            gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
            gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
            return new Pair<>(gradient, dx);
        }

        @Override
        public INDArray getMeanCache(DataType dataType) {
            return meanCache;
        }

        @Override
        public INDArray getVarCache(DataType dataType) {
            return varCache;
        }

        @Override
        public Map<String, Long> helperMemoryUse() {
            return Map.of();
        }
    }
}
