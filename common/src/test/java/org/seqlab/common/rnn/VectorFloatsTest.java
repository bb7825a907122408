package org.seqlab.common.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

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

    @Test
    void tanhIsAccurateAndTheVectorAndScalarFormsAgreeBitForBit() {
        float[] xs = points();
        int lanes = VectorFloats.SPECIES.length();
        double worst = 0;
        for (int from = 0; from + lanes <= xs.length; from += lanes) {
            float[] out = new float[lanes];
            VectorFloats.tanh(FloatVector.fromArray(VectorFloats.SPECIES, xs, from)).intoArray(out, 0);
            for (int l = 0; l < lanes; l++) {
                float x = xs[from + l];
                assertEquals(Float.floatToIntBits(VectorFloats.tanh(x)), Float.floatToIntBits(out[l]), "x = " + x);
                worst = Math.max(worst, Math.abs(out[l] - Math.tanh(x)));
            }
        }
        assertTrue(worst < 3e-7, "largest error " + worst);
        assertEquals(1f, VectorFloats.tanh(50f));
        assertEquals(-1f, VectorFloats.tanh(-50f));
        assertEquals(0.5f, VectorFloats.sigmoid(0f));
    }

    @Test
    void sigmoidFollowsFromTanh() {
        for (float x : points()) {
            assertEquals(1 / (1 + Math.exp(-x)), VectorFloats.sigmoid(x), 3e-7, "x = " + x);
        }
    }

    @Test
    void expOfNonPositiveArgumentsIsAccurateToTheFloorAndZeroBelowIt() {
        int lanes = VectorFloats.SPECIES.length();
        float[] ys = new float[100 * 1024 + lanes];
        for (int i = 0; i < ys.length; i++) {
            ys[i] = -i / 1024f;
        }
        for (int from = 0; from + lanes <= ys.length; from += lanes) {
            float[] out = new float[lanes];
            VectorFloats.expNonPositive(FloatVector.fromArray(VectorFloats.SPECIES, ys, from)).intoArray(out, 0);
            for (int l = 0; l < lanes; l++) {
                float y = ys[from + l];
                assertEquals(Float.floatToIntBits(VectorFloats.expNonPositive(y)), Float.floatToIntBits(out[l]), "y = " + y);
                if (y >= -87f) {
                    assertEquals(Math.exp(y), out[l], 2e-7 * Math.exp(y), "y = " + y);
                } else {
                    assertEquals(0f, out[l], "y = " + y);
                }
            }
        }
        assertEquals(1f, VectorFloats.expNonPositive(0f));
        assertEquals(0f, VectorFloats.expNonPositive(Float.NEGATIVE_INFINITY));
    }
}
