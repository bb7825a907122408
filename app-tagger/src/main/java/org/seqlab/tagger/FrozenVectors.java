package org.seqlab.tagger;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.BufferedOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqlab.common.embed.WordVectors;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.text.Vocabulary;

/**
 * Pretrained word vectors, frozen, in half precision. The encoder looks a word beyond the trained vocabulary (or one
 * that word dropout hides) up here and hands its vector to the network as an input: no parameters, so no gradient, no optimiser state and no
 * cost per training step however many words there are (by default all of GloVe's). The vectors are rounded to half
 * precision when the table is made, so training and a reloaded bundle see the very same numbers.
 *
 * <p>Stored as {@code pretrained-words.json} (the words, ids = rows) and a binary file: the row count and the
 * dimension as two big-endian ints, then the rows' halves, big-endian.
 */
final class FrozenVectors {
    private final Vocabulary words;
    private final int dim;
    private final short[] halves;

    private FrozenVectors(Vocabulary words, int dim, short[] halves) {
        this.words = words;
        this.dim = dim;
        this.halves = halves;
    }

    /**
     * The vectors of {@code candidates} (words of {@code vectors}, in file order) under their lower-cased forms; of
     * forms that differ only in case (a cased vector file), the first in the file wins. The special rows (padding,
     * for "none") are zero.
     */
    static FrozenVectors of(List<String> candidates, WordVectors vectors) {
        Map<String, String> original = new LinkedHashMap<>();
        for (String word : candidates) {
            original.putIfAbsent(TaggerEncoder.normalise(word), word);
        }
        Vocabulary words = Vocabulary.build(List.of(), 1, 0).withTokens(List.copyOf(original.keySet()));
        int dim = vectors.dim();
        short[] halves = new short[words.size() * dim];
        for (int id = Vocabulary.SPECIALS.size(); id < words.size(); id++) {
            float[] v = vectors.vector(original.get(words.token(id)));
            for (int d = 0; d < dim; d++) {
                halves[id * dim + d] = Float16.fromFloat(v[d]);
            }
        }
        return new FrozenVectors(words, dim, halves);
    }

    Vocabulary words() {
        return words;
    }

    int dim() {
        return dim;
    }

    /** The row of {@code word} (lower case), or the zero padding row when the table does not hold it. */
    int id(String word) {
        return words.contains(word) ? words.id(word) : Vocabulary.PAD_ID;
    }

    /** Writes row {@code id} into {@code out[offset + d * stride]} for every component d. */
    void copy(int id, float[] out, int offset, int stride) {
        for (int d = 0; d < dim; d++) {
            out[offset + d * stride] = Float16.toFloat(halves[id * dim + d]);
        }
    }

    void save(Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeInt(words.size());
            out.writeInt(dim);
            for (short h : halves) {
                out.writeShort(h);
            }
        }
    }

    static FrozenVectors load(Vocabulary words, Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        int rows = bytes.remaining() >= 8 ? bytes.getInt() : -1;
        int dim = bytes.remaining() >= 4 ? bytes.getInt() : -1;
        if (rows != words.size() || dim < 1 || bytes.remaining() != 2L * rows * dim) {
            throw new BadInputException(file + ": not the vectors of the bundle's " + words.size() + " pretrained words");
        }
        short[] halves = new short[rows * dim];
        bytes.asShortBuffer().get(halves);
        return new FrozenVectors(words, dim, halves);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrozenVectors f && dim == f.dim && words.equals(f.words) && Arrays.equals(halves, f.halves);
    }

    @Override
    public int hashCode() {
        return 31 * words.hashCode() + Arrays.hashCode(halves);
    }
}
