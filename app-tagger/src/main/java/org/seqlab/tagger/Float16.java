package org.seqlab.tagger;

/**
 * IEEE 754 half precision (binary16) by hand: Java 17 has no {@code Float.floatToFloat16}. The tagger keeps its
 * frozen pretrained vectors in half precision (GloVe's values need no more than its 11 significant bits), which
 * halves the bundle and the memory of a table of every GloVe word.
 */
final class Float16 {
    private static final int FLOAT_SIGN = 0x8000_0000;
    private static final int FLOAT_INFINITY = 0x7f80_0000;
    /** Floats at least this large (absolute bits) round to infinity: 65520, half-way above the largest half 65504. */
    private static final int OVERFLOW = 0x477f_f000;
    /** Floats below this (2^-14, the smallest normal half) become subnormal halves or zero. */
    private static final int SMALLEST_NORMAL = 0x3880_0000;

    private Float16() {
    }

    /** The nearest half (ties to even), as its 16 bits. */
    static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits & FLOAT_SIGN) >>> 16;
        int abs = bits & ~FLOAT_SIGN;
        if (abs > FLOAT_INFINITY) {
            return (short) (sign | 0x7e00);
        }
        if (abs >= OVERFLOW) {
            return (short) (sign | 0x7c00);
        }
        if (abs < SMALLEST_NORMAL) {
            // a multiple of 2^-24; scaling by 2^24 is exact, rint rounds ties to even; 1024 is the smallest normal
            return (short) (sign | (int) Math.rint(Float.intBitsToFloat(abs) * 0x1p24f));
        }
        int half = ((abs >>> 23) - 127 + 15) << 10 | (abs >>> 13) & 0x3ff;
        int dropped = abs & 0x1fff;
        if (dropped > 0x1000 || dropped == 0x1000 && (half & 1) == 1) {
            half++; // a carry out of the significand correctly moves to the next exponent
        }
        return (short) (sign | half);
    }

    static float toFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = bits >>> 10 & 0x1f;
        int significand = bits & 0x3ff;
        if (exponent == 0) {
            float magnitude = significand * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | FLOAT_INFINITY | significand << 13);
        }
        return Float.intBitsToFloat(sign | (exponent - 15 + 127) << 23 | significand << 13);
    }
}
