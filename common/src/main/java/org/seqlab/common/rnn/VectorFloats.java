package org.seqlab.common.rnn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API step loops' shared pieces ({@link VectorLstmSteps}, {@link VectorGruSteps},
 * {@link VectorSoftmaxSteps}, {@link VectorAttentionSteps}): the activations as passes over off-heap buffers, and
 * their scalar twins for the lanes past the last register. Indexes count floats; buffers are in native byte order.
 *
 * <p>No method of these classes hands a vector to another method of ours or returns one: C2 stops inlining ordinary
 * methods into a compilation once it holds about 18,000 nodes (NodeCountInliningCutoff; the Vector API's own methods
 * are exempt), which one tanh of about 45 vector operations nearly fills, and each call left standing boxes its
 * vectors on the heap (a GRU step's loops allocated hundreds of megabytes a second that way). So every loop here
 * calls the Vector API directly, and what is shared is a whole pass over a buffer ({@link #tanh(ByteBuffer, int,
 * ByteBuffer, int, int)}, {@link #sigmoid}, {@link #addBias}, {@link #expShifted}), whose arguments are buffers and
 * numbers: inlined or called, it costs no allocation.
 *
 * <p>{@code tanh} is computed here from additions, multiplications and one division, not with the Vector API's
 * {@code TANH}: that one is an SVML intrinsic once C2 compiles the loop and a per-lane {@code Math.tanh} before,
 * and the two differ in the last bits, so the same seeded training gave different models depending on when the
 * JIT compiled the loop (a tiny LSTM's final loss ranged from 0.035 to 0.21 over four runs). IEEE arithmetic is
 * the same in every tier. {@code sigmoid(x) = (1 + tanh(x/2)) / 2}. Referenced only from classes loaded by name
 * ({@link SimdLoops}), so that nothing loads it in a JVM without the incubator module.
 */
final class VectorFloats {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Bytes of a float: buffer indexes times this are the Vector API's byte offsets. */
    static final int F = Float.BYTES;

    private VectorFloats() {
    }

    /** {@code buffer[index + i] += bias[biasIndex + i]} for {@code i < n}. */
    static void addBias(ByteBuffer buffer, int index, float[] bias, int biasIndex, int n) {
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += SPECIES.length()) {
            FloatVector.fromByteBuffer(SPECIES, buffer, (index + i) * F, ORDER)
                    .add(FloatVector.fromArray(SPECIES, bias, biasIndex + i))
                    .intoByteBuffer(buffer, (index + i) * F, ORDER);
        }
        for (; i < n; i++) {
            put(buffer, index + i, get(buffer, index + i) + bias[biasIndex + i]);
        }
    }

    /** {@code to[toIndex + i] = tanh(from[fromIndex + i])} for {@code i < n}; the same buffer and index: in place. */
    static void tanh(ByteBuffer from, int fromIndex, ByteBuffer to, int toIndex, int n) {
        activate(from, fromIndex, to, toIndex, n, false);
    }

    /** {@code to[toIndex + i] = sigmoid(from[fromIndex + i])} for {@code i < n}; in place when the same. */
    static void sigmoid(ByteBuffer from, int fromIndex, ByteBuffer to, int toIndex, int n) {
        activate(from, fromIndex, to, toIndex, n, true);
    }

    /**
     * tanh, or the sigmoid as (1 + tanh(x/2)) / 2, lane for lane the operations of {@link #tanh(float)} (the
     * scalar twin), written out here in one loop (see the class comment).
     */
    private static void activate(ByteBuffer from, int fromIndex, ByteBuffer to, int toIndex, int n, boolean sigmoid) {
        float inScale = sigmoid ? 0.5f : 1f;
        float outScale = sigmoid ? 0.5f : 1f;
        float outShift = sigmoid ? 0.5f : 0f;
        int bound = SPECIES.loopBound(n);
        int i = 0;
        for (; i < bound; i += SPECIES.length()) {
            FloatVector x = FloatVector.fromByteBuffer(SPECIES, from, (fromIndex + i) * F, ORDER).mul(inScale);
            FloatVector a = x.abs().min(SATURATED);
            // e = exp(-2|x|): expShifted's operations written out again (a helper taking the vector would box it);
            // y >= -18 never reaches the floor
            FloatVector y = a.mul(-2f);
            FloatVector shifted = y.mul(LOG2E).add(ROUNDER);
            FloatVector k = shifted.sub(ROUNDER);
            FloatVector r = y.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO));
            IntVector twoToK = shifted.reinterpretAsInts().sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23);
            FloatVector p = r.mul(1f / 40320f).add(1f / 5040f);
            p = p.mul(r).add(1f / 720f);
            p = p.mul(r).add(1f / 120f);
            p = p.mul(r).add(1f / 24f);
            p = p.mul(r).add(1f / 6f);
            p = p.mul(r).add(0.5f);
            p = p.mul(r).add(1f);
            FloatVector e = p.mul(r).add(1f).mul(twoToK.reinterpretAsFloats());
            FloatVector large = FloatVector.broadcast(SPECIES, 1f).sub(e).div(e.add(1f));
            FloatVector a2 = a.mul(a);
            FloatVector small = a.add(a.mul(a2).mul(a2.mul(a2.mul(-17f / 315f).add(2f / 15f)).add(-1f / 3f)));
            FloatVector t = large.blend(small, a.lt(SMALL)).lanewise(VectorOperators.NEG, x.lt(0f));
            t.mul(outScale).add(outShift).intoByteBuffer(to, (toIndex + i) * F, ORDER);
        }
        for (; i < n; i++) {
            float t = tanh(get(from, fromIndex + i) * inScale);
            put(to, toIndex + i, t * outScale + outShift);
        }
    }

    /**
     * {@code buffer[index + i] = exp(buffer[index + i] - shift)} for {@code i < n}, where every
     * {@code buffer[index + i] <= shift} (softmax's shift by the row's maximum); returns their sum, the registers'
     * lanes summed first, then the scalar tail's terms in order. The exponential is {@link #expNonPositive(float)}'s
     * operations lane for lane.
     */
    static float expShifted(ByteBuffer buffer, int index, int n, float shift) {
        int bound = SPECIES.loopBound(n);
        FloatVector sums = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i < bound; i += SPECIES.length()) {
            FloatVector y = FloatVector.fromByteBuffer(SPECIES, buffer, (index + i) * F, ORDER).sub(shift);
            FloatVector clamped = y.max(EXP_FLOOR);
            FloatVector shifted = clamped.mul(LOG2E).add(ROUNDER);
            FloatVector k = shifted.sub(ROUNDER);
            FloatVector r = clamped.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO));
            IntVector twoToK = shifted.reinterpretAsInts().sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23);
            FloatVector p = r.mul(1f / 40320f).add(1f / 5040f);
            p = p.mul(r).add(1f / 720f);
            p = p.mul(r).add(1f / 120f);
            p = p.mul(r).add(1f / 24f);
            p = p.mul(r).add(1f / 6f);
            p = p.mul(r).add(0.5f);
            p = p.mul(r).add(1f);
            FloatVector e = p.mul(r).add(1f).mul(twoToK.reinterpretAsFloats()).blend(0f, y.lt(EXP_FLOOR));
            e.intoByteBuffer(buffer, (index + i) * F, ORDER);
            sums = sums.add(e);
        }
        float sum = sums.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float e = expNonPositive(get(buffer, index + i) - shift);
            put(buffer, index + i, e);
            sum += e;
        }
        return sum;
    }

    /** Beyond this |x|, tanh is 1 in float. */
    private static final float SATURATED = 9f;
    /** Below this |x|, the odd Taylor polynomial; above, (1 - e) / (1 + e) with e = exp(-2|x|). */
    private static final float SMALL = 0.0625f;
    private static final float LOG2E = 1.44269504f;
    /** ln 2 in two parts (Cody and Waite), so that k ln 2 is subtracted without rounding error for |k| < 2^9. */
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;

    /**
     * tanh to a few units in the last place, the same in the interpreter and in compiled code; {@link #activate}
     * computes these operations lane for lane, and calls this for the lanes past the last register.
     */
    static float tanh(float x) {
        float a = Math.min(Math.abs(x), SATURATED);
        float t;
        if (a < SMALL) {
            float a2 = a * a;
            t = a + a * a2 * (a2 * (a2 * (-17f / 315f) + 2f / 15f) + -1f / 3f);
        } else {
            float e = expNonPositive(a * -2f);
            t = (1f - e) / (e + 1f);
        }
        return x < 0f ? -t : t;
    }

    /** Below this, exp is under float's smallest normal number: flushed to zero. */
    private static final float EXP_FLOOR = -87f;
    /**
     * 1.5 * 2^23: adding it rounds a float of magnitude below 2^22 to an integer, which then sits in the low bits
     * of the sum's representation (whose bits are {@link #ROUNDER_BITS} + k).
     */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = 0x4B400000;

    /**
     * exp(y) for y <= 0 (softmax's shifted logits, tanh's -2|x|), within 2e-7 relative; 0 below -87. exp(y) =
     * 2^k exp(r) with k = round(y / ln 2), so |r| <= ln 2 / 2, and exp(r) by its Taylor polynomial of degree 8 (error
     * below 1e-9 relative) in Horner's scheme. k is rounded by adding {@link #ROUNDER} rather than by a float-to-int
     * conversion: the Vector API runs that conversion in a slow Java fallback on this JDK (about 6 ns an element
     * instead of 0.6). The vector passes compute these operations lane for lane.
     */
    static float expNonPositive(float y) {
        if (y < EXP_FLOOR) {
            return 0f;
        }
        float shifted = y * LOG2E + ROUNDER;
        float k = shifted - ROUNDER;
        float r = y - k * LN2_HI - k * LN2_LO;
        return expPolynomial(r) * Float.intBitsToFloat((Float.floatToRawIntBits(shifted) - (ROUNDER_BITS - 127)) << 23);
    }

    private static float expPolynomial(float r) {
        float p = r * (1f / 40320f) + 1f / 5040f;
        p = p * r + 1f / 720f;
        p = p * r + 1f / 120f;
        p = p * r + 1f / 24f;
        p = p * r + 1f / 6f;
        p = p * r + 0.5f;
        p = p * r + 1f;
        return p * r + 1f;
    }

    static float get(ByteBuffer buffer, int index) {
        return buffer.getFloat(index * Float.BYTES);
    }

    static void put(ByteBuffer buffer, int index, float value) {
        buffer.putFloat(index * Float.BYTES, value);
    }
}
