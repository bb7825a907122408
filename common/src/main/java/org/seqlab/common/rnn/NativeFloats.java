package org.seqlab.common.rnn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Host access to ND4J arrays for the SIMD loops: the bytes of a whole, C-order array, from its first element. */
public final class NativeFloats {
    private NativeFloats() {
    }

    /**
     * The bytes of {@code fresh} in native order; it must not be a view with an offset or strides. The buffer does not
     * keep the array alive: a caller that passes a temporary keeps it reachable until the loop has run.
     */
    public static ByteBuffer bytes(INDArray fresh) {
        checkFresh(fresh);
        return fresh.data().asNio().order(ByteOrder.nativeOrder());
    }

    public static void checkFresh(INDArray fresh) {
        if (fresh.offset() != 0 || fresh.ordering() != 'c' || fresh.elementWiseStride() != 1) {
            throw new IllegalStateException("expected a fresh c-order array");
        }
    }

    /** {@code array} itself when it is whole and C-ordered, else a C-order copy. */
    public static INDArray whole(INDArray array) {
        return array.offset() == 0 && array.ordering() == 'c' && array.elementWiseStride() == 1 ? array : array.dup('c');
    }

    /**
     * {@code span} floats of a host array from its first element, as a buffer: a view's buffer address already counts
     * the view's offset, so index 0 is the view's first element and strides apply from there.
     */
    static FloatBuffer fromFirst(INDArray view, long span) {
        FloatPointer first = new FloatPointer(view.data().addressPointer());
        first.capacity(span);
        first.limit(span);
        return first.asBuffer();
    }
}
