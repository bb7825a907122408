package org.seqlab.common.cnn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BatchNormSteps} with the Vector API. Sums add the lanes in a fixed order (not {@code reduceLanes}, whose
 * order may change when C2 compiles the loop), so that a seeded run gives the same model every time. Loaded by name.
 */
final class VectorBatchNormSteps implements BatchNormSteps {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final int LANES = SPECIES.length();

    private static FloatVector load(ByteBuffer buffer, int index) {
        return FloatVector.fromByteBuffer(SPECIES, buffer, index * Float.BYTES, ORDER);
    }

    private static void store(FloatVector v, ByteBuffer buffer, int index) {
        v.intoByteBuffer(buffer, index * Float.BYTES, ORDER);
    }

    private static float get(ByteBuffer buffer, int index) {
        return buffer.getFloat(index * Float.BYTES);
    }

    private static double lanes(FloatVector v) {
        float[] values = v.toArray();
        double sum = 0;
        for (float value : values) {
            sum += value;
        }
        return sum;
    }

    @Override
    public void moments(ByteBuffer x, int n, int channels, int hw, float[] mean, float[] variance) {
        int bound = SPECIES.loopBound(hw);
        double count = (double) n * hw;
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int b = 0; b < n; b++) {
                int start = (b * channels + c) * hw;
                FloatVector acc = FloatVector.zero(SPECIES);
                int i = 0;
                for (; i < bound; i += LANES) {
                    acc = acc.add(load(x, start + i));
                }
                sum += lanes(acc);
                for (; i < hw; i++) {
                    sum += get(x, start + i);
                }
            }
            float m = (float) (sum / count);
            // a second pass around the mean: no cancellation when the values sit far from zero
            double squares = 0;
            for (int b = 0; b < n; b++) {
                int start = (b * channels + c) * hw;
                FloatVector acc = FloatVector.zero(SPECIES);
                int i = 0;
                for (; i < bound; i += LANES) {
                    FloatVector d = load(x, start + i).sub(m);
                    acc = d.fma(d, acc);
                }
                squares += lanes(acc);
                for (; i < hw; i++) {
                    float d = get(x, start + i) - m;
                    squares += d * d;
                }
            }
            mean[c] = m;
            variance[c] = (float) (squares / count);
        }
    }

    @Override
    public void normalise(ByteBuffer x, ByteBuffer y, int n, int channels, int hw, float[] scale, float[] shift,
                          boolean relu) {
        int bound = SPECIES.loopBound(hw);
        float floor = relu ? 0f : Float.NEGATIVE_INFINITY;
        for (int b = 0; b < n; b++) {
            for (int c = 0; c < channels; c++) {
                int start = (b * channels + c) * hw;
                float a = scale[c];
                float s = shift[c];
                int i = 0;
                for (; i < bound; i += LANES) {
                    store(load(x, start + i).fma(a, s).max(floor), y, start + i);
                }
                for (; i < hw; i++) {
                    y.putFloat((start + i) * Float.BYTES, Math.max(Math.fma(get(x, start + i), a, s), floor));
                }
            }
        }
    }

    @Override
    public void backward(ByteBuffer x, ByteBuffer dy, ByteBuffer dx, int n, int channels, int hw, float[] mean,
                         float[] invStd, float[] gamma, float[] beta, boolean relu, float[] dGamma, float[] dBeta) {
        int bound = SPECIES.loopBound(hw);
        double count = (double) n * hw;
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int c = 0; c < channels; c++) {
            float m = mean[c];
            float inv = invStd[c];
            float scale = gamma[c] * inv;
            float shift = beta[c] - m * scale;
            double sumG = 0;
            double sumGx = 0;
            for (int b = 0; b < n; b++) {
                int start = (b * channels + c) * hw;
                FloatVector accG = zero;
                FloatVector accGx = zero;
                int i = 0;
                for (; i < bound; i += LANES) {
                    FloatVector xs = load(x, start + i);
                    FloatVector g = gradient(xs, load(dy, start + i), scale, shift, relu, zero);
                    accG = accG.add(g);
                    accGx = g.fma(xs.sub(m).mul(inv), accGx);
                }
                sumG += lanes(accG);
                sumGx += lanes(accGx);
                for (; i < hw; i++) {
                    float xs = get(x, start + i);
                    float g = gradient(xs, get(dy, start + i), scale, shift, relu);
                    sumG += g;
                    sumGx += g * ((xs - m) * inv);
                }
            }
            dBeta[c] = (float) sumG;
            dGamma[c] = (float) sumGx;
            float meanG = (float) (sumG / count);
            float meanGx = (float) (sumGx / count);
            for (int b = 0; b < n; b++) {
                int start = (b * channels + c) * hw;
                int i = 0;
                for (; i < bound; i += LANES) {
                    FloatVector xs = load(x, start + i);
                    FloatVector g = gradient(xs, load(dy, start + i), scale, shift, relu, zero);
                    FloatVector xHat = xs.sub(m).mul(inv);
                    store(g.sub(meanG).sub(xHat.mul(meanGx)).mul(scale), dx, start + i);
                }
                for (; i < hw; i++) {
                    float xs = get(x, start + i);
                    float g = gradient(xs, get(dy, start + i), scale, shift, relu);
                    dx.putFloat((start + i) * Float.BYTES, (g - meanG - (xs - m) * inv * meanGx) * scale);
                }
            }
        }
    }

    /** The gradient with respect to the normalised value: through the ReLU, zero where it cut the output. */
    private static FloatVector gradient(FloatVector x, FloatVector dy, float scale, float shift, boolean relu,
                                       FloatVector zero) {
        if (!relu) {
            return dy;
        }
        VectorMask<Float> cut = x.fma(scale, shift).compare(VectorOperators.LE, 0f);
        return dy.blend(zero, cut);
    }

    private static float gradient(float x, float dy, float scale, float shift, boolean relu) {
        return relu && Math.fma(x, scale, shift) <= 0f ? 0f : dy;
    }
}
