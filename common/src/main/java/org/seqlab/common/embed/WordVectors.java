package org.seqlab.common.embed;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.AtomicFiles;

/**
 * An immutable table of word vectors (pretrained GloVe, or trained here with {@link Word2VecTrainer}),
 * with nearest-neighbour and analogy queries by cosine similarity. Vectors live in one flat float
 * array; unit-length copies are kept so that a query against 400k words is one pass of dot products.
 *
 * <p>Text format, read and written: one word a line followed by its components separated by single
 * spaces (GloVe), optionally preceded by a {@code <count> <dim>} header line (word2vec text format).
 */
public final class WordVectors {
    private final List<String> words;
    private final Map<String, Integer> index;
    private final int dim;
    private final float[] vectors;
    private final float[] unit;

    private WordVectors(List<String> words, int dim, float[] vectors) {
        this.words = List.copyOf(words);
        this.dim = dim;
        this.vectors = vectors;
        this.index = new HashMap<>(words.size() * 2);
        for (int i = 0; i < words.size(); i++) {
            index.putIfAbsent(words.get(i), i);
        }
        this.unit = new float[vectors.length];
        for (int w = 0; w < words.size(); w++) {
            double sq = 0;
            for (int d = 0; d < dim; d++) {
                sq += (double) vectors[w * dim + d] * vectors[w * dim + d];
            }
            float inv = sq == 0 ? 0f : (float) (1 / Math.sqrt(sq));
            for (int d = 0; d < dim; d++) {
                unit[w * dim + d] = vectors[w * dim + d] * inv;
            }
        }
    }

    /** A table from parallel lists; every vector must have the same length. */
    public static WordVectors of(List<String> words, List<float[]> vectors) {
        if (words.size() != vectors.size() || words.isEmpty()) {
            throw new IllegalArgumentException("need as many vectors as words, at least one");
        }
        int dim = vectors.get(0).length;
        float[] flat = new float[words.size() * dim];
        for (int i = 0; i < vectors.size(); i++) {
            if (vectors.get(i).length != dim) {
                throw new IllegalArgumentException("vector of '" + words.get(i) + "' has " + vectors.get(i).length
                        + " components, expected " + dim);
            }
            System.arraycopy(vectors.get(i), 0, flat, i * dim, dim);
        }
        return new WordVectors(words, dim, flat);
    }

    /** Reads a GloVe or word2vec text file (header detected). */
    public static WordVectors readText(Path file) throws IOException {
        return readText(file, 0);
    }

    /**
     * Reads at most {@code maxWords} vectors (0 = all); such files list frequent words first, so a
     * prefix is a smaller, still useful table.
     */
    public static WordVectors readText(Path file, int maxWords) throws IOException {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + " is a folder, expected a GloVe/word2vec text file");
        }
        List<String> words = new ArrayList<>();
        float[] flat = new float[1 << 16];
        int dim = -1;
        int lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null && (maxWords == 0 || words.size() < maxWords)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.strip().split(" ");
                if (lineNo == 1 && parts.length == 2 && isInteger(parts[0]) && isInteger(parts[1])) {
                    dim = Integer.parseInt(parts[1]);
                    continue;
                }
                if (dim < 0) {
                    dim = parts.length - 1;
                }
                if (dim < 1 || parts.length - 1 != dim) {
                    throw new BadInputException(file + " line " + lineNo + ": expected a word and " + Math.max(dim, 1)
                            + " numbers, found " + parts.length + " fields");
                }
                int base = words.size() * dim;
                if (base + dim > flat.length) {
                    flat = Arrays.copyOf(flat, Math.max(flat.length * 2, base + dim));
                }
                for (int d = 0; d < dim; d++) {
                    try {
                        flat[base + d] = Float.parseFloat(parts[d + 1]);
                    } catch (NumberFormatException e) {
                        throw new BadInputException(file + " line " + lineNo + ": '" + parts[d + 1] + "' is not a number");
                    }
                }
                words.add(parts[0]);
            }
        } catch (CharacterCodingException e) {
            throw new BadInputException(file + " line " + (lineNo + 1) + ": not UTF-8 text", e);
        }
        if (words.isEmpty()) {
            throw new BadInputException(file + ": no word vectors in the file");
        }
        return new WordVectors(words, dim, Arrays.copyOf(flat, words.size() * dim));
    }

    private static boolean isInteger(String s) {
        return s.chars().allMatch(Character::isDigit) && !s.isEmpty();
    }

    /** Writes the text format: GloVe (no header) or word2vec ({@code <count> <dim>} header). */
    public void writeText(Path file, boolean word2vecHeader) throws IOException {
        AtomicFiles.write(file, out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
            if (word2vecHeader) {
                w.write(words.size() + " " + dim + "\n");
            }
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < words.size(); i++) {
                line.setLength(0);
                line.append(words.get(i));
                for (int d = 0; d < dim; d++) {
                    line.append(' ').append(vectors[i * dim + d]);
                }
                w.write(line.append('\n').toString());
            }
            w.flush();
        });
    }

    public int size() {
        return words.size();
    }

    public int dim() {
        return dim;
    }

    /** The words in file (or training vocabulary) order. */
    public List<String> words() {
        return Collections.unmodifiableList(words);
    }

    public boolean contains(String word) {
        return index.containsKey(word);
    }

    /** A copy of the vector of {@code word}. */
    public float[] vector(String word) {
        int i = require(word);
        return Arrays.copyOfRange(vectors, i * dim, (i + 1) * dim);
    }

    /** Cosine similarity of two words. */
    public double similarity(String a, String b) {
        int i = require(a);
        int j = require(b);
        double dot = 0;
        for (int d = 0; d < dim; d++) {
            dot += (double) unit[i * dim + d] * unit[j * dim + d];
        }
        return dot;
    }

    /** The {@code k} words closest to {@code word}, itself excluded. */
    public List<Neighbour> nearest(String word, int k) {
        int i = require(word);
        return nearest(Arrays.copyOfRange(unit, i * dim, (i + 1) * dim), k, Set.of(word));
    }

    /**
     * "a is to b as c is to ?": the words closest to b − a + c (on unit vectors, the 3CosAdd rule),
     * excluding a, b and c themselves.
     */
    public List<Neighbour> analogy(String a, String b, String c, int k) {
        int ia = require(a);
        int ib = require(b);
        int ic = require(c);
        float[] q = new float[dim];
        for (int d = 0; d < dim; d++) {
            q[d] = unit[ib * dim + d] - unit[ia * dim + d] + unit[ic * dim + d];
        }
        return nearest(q, k, Set.of(a, b, c));
    }

    /** The {@code k} words most cosine-similar to {@code query}, skipping {@code exclude}; ties by word order. */
    public List<Neighbour> nearest(float[] query, int k, Set<String> exclude) {
        if (query.length != dim) {
            throw new IllegalArgumentException("query has " + query.length + " components, expected " + dim);
        }
        if (k < 1) {
            throw new BadInputException("the number of neighbours must be at least 1, got " + k);
        }
        double qn = 0;
        for (float v : query) {
            qn += (double) v * v;
        }
        double inv = qn == 0 ? 0 : 1 / Math.sqrt(qn);
        Comparator<Neighbour> worstFirst = Comparator.comparingDouble(Neighbour::score)
                .thenComparing(n -> index.get(n.word()), Comparator.reverseOrder());
        PriorityQueue<Neighbour> top = new PriorityQueue<>(worstFirst);
        for (int w = 0; w < words.size(); w++) {
            double dot = 0;
            int base = w * dim;
            for (int d = 0; d < dim; d++) {
                dot += unit[base + d] * query[d];
            }
            double score = dot * inv;
            if (top.size() == k && score <= top.peek().score()) {
                continue;
            }
            String word = words.get(w);
            // a word repeated later in the file is shadowed by its first occurrence
            if (exclude.contains(word) || index.get(word) != w) {
                continue;
            }
            top.add(new Neighbour(word, score));
            if (top.size() > k) {
                top.poll();
            }
        }
        List<Neighbour> out = new ArrayList<>(top);
        out.sort(worstFirst.reversed());
        return out;
    }

    private int require(String word) {
        Integer i = index.get(word);
        if (i == null) {
            throw new BadInputException("unknown word '" + word + "' (not among the " + words.size() + " words of these vectors)");
        }
        return i;
    }
}
