package org.seqlab.common.rnn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float access to off-heap buffers for the Vector API step loops ({@link VectorLstmSteps},
 * {@link VectorGruSteps}): indexes count floats, in native byte order. {@code sigmoid(x) = (1 + tanh(x/2)) / 2},
 * since the Vector API's tanh is one intrinsic. Referenced only from classes loaded by name
 * ({@link SimdLoops}), so that nothing loads it in a JVM without the incubator module.
 */
final class VectorFloats {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private VectorFloats() {
    }

    static FloatVector load(ByteBuffer buffer, int index) {
        return FloatVector.fromByteBuffer(SPECIES, buffer, index * Float.BYTES, ORDER);
    }

    static void store(FloatVector v, ByteBuffer buffer, int index) {
        v.intoByteBuffer(buffer, index * Float.BYTES, ORDER);
    }

    static FloatVector sigmoid(FloatVector x) {
        return x.mul(0.5f).lanewise(VectorOperators.TANH).mul(0.5f).add(0.5f);
    }

    static float sigmoid(float x) {
        return 0.5f * (float) Math.tanh(0.5 * x) + 0.5f;
    }

    static float get(ByteBuffer buffer, int index) {
        return buffer.getFloat(index * Float.BYTES);
    }

    static void put(ByteBuffer buffer, int index, float value) {
        buffer.putFloat(index * Float.BYTES, value);
    }
}
