package org.seqlab.tagger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Float16Test {
    @Test
    void everyHalfSurvivesTheRoundTrip() {
        for (int bits = 0; bits < 0x10000; bits++) {
            short half = (short) bits;
            float value = Float16.toFloat(half);
            if (Float.isNaN(value)) {
                assertTrue(Float.isNaN(Float16.toFloat(Float16.fromFloat(value))));
            } else {
                assertEquals(bits, Float16.fromFloat(value) & 0xffff, "half " + Integer.toHexString(bits) + " = " + value);
            }
        }
    }

    @Test
    void knownValuesAndLimits() {
        assertEquals(1f, Float16.toFloat((short) 0x3c00));
        assertEquals(-2f, Float16.toFloat((short) 0xc000));
        assertEquals(65504f, Float16.toFloat((short) 0x7bff));
        assertEquals(0x1p-24f, Float16.toFloat((short) 0x0001), "smallest subnormal");
        assertEquals(0x3555, Float16.fromFloat(1f / 3) & 0xffff);
        assertEquals(Float.POSITIVE_INFINITY, Float16.toFloat(Float16.fromFloat(65520f)));
        assertEquals(65504f, Float16.toFloat(Float16.fromFloat(65519f)));
        assertEquals(0f, Float16.toFloat(Float16.fromFloat(0x1p-26f)), "below half the smallest subnormal");
        // exactly half-way between 1 and the next half (1 + 2^-10): ties go to the even significand, 1
        assertEquals(1f, Float16.toFloat(Float16.fromFloat(1 + 0x1p-11f)));
        assertEquals(1 + 0x1p-9f, Float16.toFloat(Float16.fromFloat(1 + 3 * 0x1p-11f)));
    }

    @Test
    void floatsRoundToTheNearestHalf() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            float value = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(-4, 4)));
            float rounded = Float16.toFloat(Float16.fromFloat(value));
            float step = Math.max(Math.ulp(rounded) * 8192, 0x1p-24f); // the half's spacing near the value
            assertTrue(Math.abs(rounded - value) <= step / 2, value + " -> " + rounded);
        }
    }
}
