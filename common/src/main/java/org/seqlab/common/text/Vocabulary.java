package org.seqlab.common.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.AtomicFiles;
import org.seqlab.common.io.Json;

/**
 * An immutable token ↔ id mapping. Ids 0..3 are the special tokens {@link #PAD}, {@link #UNK},
 * {@link #BOS} and {@link #EOS}; the corpus tokens follow by descending frequency, ties broken by the
 * token's code-point order, so the same corpus always yields the same ids. Saved as JSON with the
 * counts, so a reloaded vocabulary is identical.
 */
public final class Vocabulary {
    public static final String PAD = "<pad>";
    public static final String UNK = "<unk>";
    public static final String BOS = "<s>";
    public static final String EOS = "</s>";
    public static final int PAD_ID = 0;
    public static final int UNK_ID = 1;
    public static final int BOS_ID = 2;
    public static final int EOS_ID = 3;
    /** The special tokens in id order. */
    public static final List<String> SPECIALS = List.of(PAD, UNK, BOS, EOS);
    static final int FORMAT_VERSION = 1;

    private final List<String> tokens;
    private final long[] counts;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> tokens, long[] counts) {
        this.tokens = List.copyOf(tokens);
        this.counts = counts;
        this.ids = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            if (ids.put(tokens.get(i), i) != null) {
                throw new BadInputException("vocabulary: duplicate token '" + tokens.get(i) + "'");
            }
        }
    }

    /**
     * Counts the tokens of every sequence and keeps those seen at least {@code minCount} times, the most
     * frequent first, up to {@code maxSize} entries in total including the 4 special tokens (0 = no limit).
     */
    public static Vocabulary build(Iterable<? extends List<String>> sequences, int minCount, int maxSize) {
        if (minCount < 1) {
            throw new BadInputException("vocabulary: minCount must be at least 1, got " + minCount);
        }
        if (maxSize != 0 && maxSize <= SPECIALS.size()) {
            throw new BadInputException("vocabulary: maxSize must exceed the " + SPECIALS.size()
                    + " special tokens (or be 0 for no limit), got " + maxSize);
        }
        Map<String, Long> freq = new HashMap<>();
        for (List<String> seq : sequences) {
            for (String t : seq) {
                freq.merge(t, 1L, Long::sum);
            }
        }
        SPECIALS.forEach(freq::remove);
        List<Map.Entry<String, Long>> kept = new ArrayList<>();
        for (Map.Entry<String, Long> e : freq.entrySet()) {
            if (e.getValue() >= minCount) {
                kept.add(e);
            }
        }
        kept.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry::getKey));
        int limit = maxSize == 0 ? kept.size() : Math.min(kept.size(), maxSize - SPECIALS.size());
        List<String> tokens = new ArrayList<>(SPECIALS);
        long[] counts = new long[SPECIALS.size() + limit];
        for (int i = 0; i < limit; i++) {
            tokens.add(kept.get(i).getKey());
            counts[SPECIALS.size() + i] = kept.get(i).getValue();
        }
        return new Vocabulary(tokens, counts);
    }

    /**
     * This vocabulary plus the {@code extra} tokens it lacks, appended in their order with count 0: e.g. the
     * most frequent words of pretrained vectors, so that words never seen in training keep their meaning.
     */
    public Vocabulary withTokens(List<String> extra) {
        List<String> all = new ArrayList<>(tokens);
        Set<String> present = new HashSet<>(tokens);
        for (String token : extra) {
            if (present.add(token)) {
                all.add(token);
            }
        }
        return new Vocabulary(all, Arrays.copyOf(counts, all.size()));
    }

    public int size() {
        return tokens.size();
    }

    /** The id of {@code token}, or {@link #UNK_ID} when it is not in the vocabulary. */
    public int id(String token) {
        return ids.getOrDefault(token, UNK_ID);
    }

    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    public String token(int id) {
        if (id < 0 || id >= tokens.size()) {
            throw new IndexOutOfBoundsException("token id " + id + " outside [0, " + tokens.size() + ")");
        }
        return tokens.get(id);
    }

    /** How often the token with this id occurred in the corpus the vocabulary was built from (0 for specials). */
    public long count(int id) {
        return counts[id];
    }

    /** All tokens in id order, special tokens first. */
    public List<String> tokens() {
        return Collections.unmodifiableList(tokens);
    }

    /** Ids of {@code sequence}, unknown tokens mapped to UNK, optionally framed by BOS and EOS. */
    public int[] encode(List<String> sequence, boolean bosEos) {
        int offset = bosEos ? 1 : 0;
        int[] out = new int[sequence.size() + 2 * offset];
        if (bosEos) {
            out[0] = BOS_ID;
            out[out.length - 1] = EOS_ID;
        }
        for (int i = 0; i < sequence.size(); i++) {
            out[i + offset] = id(sequence.get(i));
        }
        return out;
    }

    /** Tokens of {@code ids}, skipping PAD, BOS and EOS. */
    public List<String> decode(int[] sequenceIds) {
        List<String> out = new ArrayList<>(sequenceIds.length);
        for (int id : sequenceIds) {
            if (id != PAD_ID && id != BOS_ID && id != EOS_ID) {
                out.add(token(id));
            }
        }
        return out;
    }

    public String toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", FORMAT_VERSION);
        ArrayNode t = root.putArray("tokens");
        ArrayNode c = root.putArray("counts");
        for (int i = 0; i < tokens.size(); i++) {
            t.add(tokens.get(i));
            c.add(counts[i]);
        }
        return Json.write(root);
    }

    public static Vocabulary fromJson(String json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new BadInputException("vocabulary: not valid JSON (" + e.getMessage() + ")", e);
        }
        if (root == null || root.path("format").asInt(-1) != FORMAT_VERSION) {
            throw new BadInputException("vocabulary: unsupported or missing format version (expected "
                    + FORMAT_VERSION + ")");
        }
        JsonNode t = root.path("tokens");
        JsonNode c = root.path("counts");
        if (!t.isArray() || !c.isArray() || t.size() != c.size() || t.size() < SPECIALS.size()) {
            throw new BadInputException("vocabulary: 'tokens' and 'counts' must be arrays of the same length");
        }
        List<String> tokens = new ArrayList<>(t.size());
        long[] counts = new long[t.size()];
        for (int i = 0; i < t.size(); i++) {
            tokens.add(t.get(i).asText());
            counts[i] = c.get(i).asLong();
        }
        if (!tokens.subList(0, SPECIALS.size()).equals(SPECIALS)) {
            throw new BadInputException("vocabulary: the first tokens must be " + SPECIALS);
        }
        return new Vocabulary(tokens, counts);
    }

    public void save(Path file) throws IOException {
        AtomicFiles.writeString(file, toJson() + "\n");
    }

    public static Vocabulary load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        return fromJson(Files.readString(file));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && tokens.equals(v.tokens) && Arrays.equals(counts, v.counts);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }

    @Override
    public String toString() {
        return "Vocabulary[" + tokens.size() + " tokens]";
    }
}
