package org.seqlab.common.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * The vector passes against their scalar twins, bit for bit, over counts that are not a multiple of a register (so
 * that the scalar tail runs too), and against the true functions.
 */
class VectorFloatsTest {
    /** Every 1/1024 from -12 to 12, plus the edges of the branches. */
    private static float[] points() {
        int n = 24 * 1024 + 1;
        float[] xs = new float[n + 6];
        for (int i = 0; i < n; i++) {
            xs[i] = -12f + i / 1024f;
        }
        float[] edges = {0.0625f, -0.0625f, Math.nextDown(0.0625f), 1e-30f, -0f, 9f};
        System.arraycopy(edges, 0, xs, n, edges.length);
        return xs;
    }

    /** A native-order direct buffer holding {@code values} from float index {@code offset}. */
    private static ByteBuffer buffer(float[] values, int offset) {
        ByteBuffer buffer = ByteBuffer.allocateDirect((offset + values.length) * Float.BYTES).order(ByteOrder.nativeOrder());
        for (int i = 0; i < values.length; i++) {
            buffer.putFloat((offset + i) * Float.BYTES, values[i]);
        }
        return buffer;
    }

    @Test
    void tanhPassIsAccurateAndAgreesWithTheScalarFormBitForBit() {
        float[] xs = points();
        ByteBuffer from = buffer(xs, 3);
        ByteBuffer to = buffer(new float[xs.length], 5);
        VectorFloats.tanh(from, 3, to, 5, xs.length);
        double worst = 0;
        for (int i = 0; i < xs.length; i++) {
            float out = VectorFloats.get(to, 5 + i);
            assertEquals(Float.floatToIntBits(VectorFloats.tanh(xs[i])), Float.floatToIntBits(out), "x = " + xs[i]);
            worst = Math.max(worst, Math.abs(out - Math.tanh(xs[i])));
        }
        assertTrue(worst < 3e-7, "largest error " + worst);
        assertEquals(1f, VectorFloats.tanh(50f));
        assertEquals(-1f, VectorFloats.tanh(-50f));
    }

    @Test
    void sigmoidPassAgreesWithTheScalarFormInPlaceAndFollowsFromTanh() {
        float[] xs = points();
        ByteBuffer values = buffer(xs, 0);
        VectorFloats.sigmoid(values, 0, values, 0, xs.length);
        for (int i = 0; i < xs.length; i++) {
            float out = VectorFloats.get(values, i);
            // the scalar form: (1 + tanh(x/2)) / 2 with the scalar tanh
            float scalar = VectorFloats.tanh(xs[i] * 0.5f) * 0.5f + 0.5f;
            assertEquals(Float.floatToIntBits(scalar), Float.floatToIntBits(out), "x = " + xs[i]);
            assertEquals(1 / (1 + Math.exp(-xs[i])), out, 3e-7, "x = " + xs[i]);
        }
        assertEquals(0f, xs[12 * 1024]);
        assertEquals(0.5f, VectorFloats.get(values, 12 * 1024));
    }

    @Test
    void expShiftedIsAccurateToTheFloorZeroBelowItAndSumsWhatItWrites() {
        float shift = 3f;
        float[] xs = new float[100 * 1024 + 7];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = shift - i / 1024f;
        }
        ByteBuffer values = buffer(xs, 2);
        float sum = VectorFloats.expShifted(values, 2, xs.length, shift);
        double written = 0;
        for (int i = 0; i < xs.length; i++) {
            float y = xs[i] - shift;
            float out = VectorFloats.get(values, 2 + i);
            assertEquals(Float.floatToIntBits(VectorFloats.expNonPositive(y)), Float.floatToIntBits(out), "y = " + y);
            if (y >= -87f) {
                assertEquals(Math.exp(y), out, 2e-7 * Math.exp(y), "y = " + y);
            } else {
                assertEquals(0f, out, "y = " + y);
            }
            written += out;
        }
        // a float sum over 16 lanes of 6,400 terms each: rounding to a few parts in a million
        assertEquals(written, sum, 1e-5 * written);
        assertEquals(1f, VectorFloats.expNonPositive(0f));
        assertEquals(0f, VectorFloats.expNonPositive(Float.NEGATIVE_INFINITY));
    }

    @Test
    void addBiasAddsTheBiasFromItsOffset() {
        int n = 2 * VectorFloats.SPECIES.length() + 3;
        float[] xs = new float[n];
        float[] bias = new float[n + 4];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = i * 0.5f;
        }
        for (int i = 0; i < n; i++) {
            xs[i] = -i;
        }
        ByteBuffer values = buffer(xs, 1);
        VectorFloats.addBias(values, 1, bias, 4, n);
        for (int i = 0; i < n; i++) {
            assertEquals(-i + (i + 4) * 0.5f, VectorFloats.get(values, 1 + i), "element " + i);
        }
    }
}
