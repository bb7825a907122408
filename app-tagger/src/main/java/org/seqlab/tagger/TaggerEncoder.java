package org.seqlab.tagger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.common.embed.WordVectors;
import org.seqlab.common.text.Vocabulary;
import org.seqlab.datasets.TaggedSentence;

/**
 * Turns sentences into the network's inputs: lower-cased word ids {@code [batch, 1, T]}, with pretrained vectors
 * each word's frozen pretrained vector {@code [batch, dim, T]} (zero for trained words), each word's characters
 * laid end to end {@code [batch, 1, T * slot]} (a slot is one padding character, at most {@code maxWordChars}
 * characters and at least one more padding character, so that a width-3 convolution never mixes two words),
 * word shapes {@code [batch, 1, T]}, a mask per input (1 = real token) and, for training, one-hot tags
 * {@code [batch, tags, T]} with the same mask. Padding is id 0 everywhere and masked everywhere.
 *
 * @param words         the trained word vocabulary (lower case): training words seen at least {@code minCount} times
 * @param pretrained    pretrained words and their vectors (null without pretrained vectors), frozen: a word beyond
 *                      {@code words} reads its vector there, added to the unknown word's trained vector (it would
 *                      get no gradient anyway: it does not occur in training); a word of {@code words} reads zero
 * @param characters    the character vocabulary (ids 0 = padding and 1 = unknown are specials)
 * @param tags          the tag set, the training data's most frequent tag first
 * @param trainingWords every lower-cased word form of the training data (for "unseen word" figures)
 */
public record TaggerEncoder(TaggerSettings settings, Vocabulary words, FrozenVectors pretrained, Vocabulary characters,
                            List<String> tags, Set<String> trainingWords) {
    public TaggerEncoder {
        tags = List.copyOf(tags);
        trainingWords = Set.copyOf(trainingWords);
    }

    /**
     * Vocabularies and tag set from the training sentences; with {@code vectors} (null: none), the frozen table of
     * their first {@code settings.pretrainedWords()} words (0 = all).
     */
    public static TaggerEncoder fit(List<TaggedSentence> train, TaggerSettings settings, WordVectors vectors) {
        List<List<String>> lower = new ArrayList<>();
        List<List<String>> chars = new ArrayList<>();
        Map<String, Long> tagCounts = new HashMap<>();
        Set<String> forms = new HashSet<>();
        for (TaggedSentence s : train) {
            List<String> l = s.words().stream().map(TaggerEncoder::normalise).toList();
            lower.add(l);
            forms.addAll(l);
            for (String w : s.words()) {
                chars.add(w.codePoints().mapToObj(Character::toString).toList());
            }
            s.tags().forEach(t -> tagCounts.merge(t, 1L, Long::sum));
        }
        Vocabulary words = Vocabulary.build(lower, settings.minCount(), 0);
        int pretrainedWords = settings.pretrainedWords() == 0 ? Integer.MAX_VALUE : settings.pretrainedWords();
        FrozenVectors pretrained = vectors == null ? null : FrozenVectors.of(
                vectors.words().subList(0, Math.min(pretrainedWords, vectors.size())), vectors);
        Vocabulary characters = Vocabulary.build(chars, 1, 500);
        List<String> tags = new ArrayList<>(tagCounts.keySet());
        tags.sort((a, b) -> tagCounts.get(b).equals(tagCounts.get(a)) ? a.compareTo(b)
                : Long.compare(tagCounts.get(b), tagCounts.get(a)));
        return new TaggerEncoder(settings, words, pretrained, characters, tags, forms);
    }

    /** The form the word vocabulary holds: lower case (the case feature keeps the rest). */
    static String normalise(String word) {
        return word.toLowerCase(Locale.ROOT);
    }

    /**
     * The pretrained row of a (lower-cased) word; with {@code hyphenBackoff}, a hyphenated word missing from the
     * table takes the row of its last part that the table holds; the zero row when none.
     */
    int pretrainedId(String lower) {
        int id = pretrained.id(lower);
        if (id != Vocabulary.PAD_ID || !settings.hyphenBackoff()) {
            return id;
        }
        String last = lower.substring(lower.lastIndexOf('-') + 1);
        return last.isEmpty() || last.length() == lower.length() ? id : pretrained.id(last);
    }

    public boolean seenInTraining(String word) {
        return trainingWords.contains(normalise(word));
    }

    public int slot() {
        return settings.maxWordChars() + 2;
    }

    /** Network inputs (and tags, when {@code tagged} is not null) for a batch of tokenised sentences. */
    public MultiDataSet batch(List<List<String>> sentences, List<List<String>> tagged) {
        return batch(sentences, tagged, null, 0);
    }

    /**
     * A training batch in which each word reads the unknown word in the trained table with probability
     * {@code wordDropout} (drawn from {@code random}), keeping its pretrained vector and characters: so the tagger
     * also learns on well-known words what a word unseen in training looks like.
     */
    public MultiDataSet trainingBatch(Collection<TaggedSentence> sentences, SplittableRandom random, double wordDropout) {
        return batch(sentences.stream().map(TaggedSentence::words).toList(),
                sentences.stream().map(TaggedSentence::tags).toList(), random, wordDropout);
    }

    private MultiDataSet batch(List<List<String>> sentences, List<List<String>> tagged, SplittableRandom random,
                               double wordDropout) {
        int b = sentences.size();
        int steps = Math.max(1, sentences.stream().mapToInt(List::size).max().orElse(1));
        int slot = slot();
        float[] wordIds = new float[b * steps];
        int dim = pretrained == null ? 0 : pretrained.dim();
        float[] pretrainedVectors = pretrained == null ? null : new float[b * dim * steps];
        float[] shapeIds = new float[b * steps];
        float[] mask = new float[b * steps];
        float[] charIds = settings.chars() ? new float[b * steps * slot] : null;
        float[] charMask = settings.chars() ? new float[b * steps * slot] : null;
        int k = tags.size();
        float[] labels = tagged == null ? null : new float[b * k * steps];
        float[] labelMask = tagged == null ? null : new float[b * steps];
        Map<String, Integer> tagIndex = tagged == null ? Map.of() : tagIndex();
        for (int i = 0; i < b; i++) {
            List<String> s = sentences.get(i);
            for (int t = 0; t < s.size(); t++) {
                String w = s.get(t);
                int at = i * steps + t;
                String lower = normalise(w);
                boolean dropped = wordDropout > 0 && random.nextDouble() < wordDropout;
                wordIds[at] = dropped ? Vocabulary.UNK_ID : words.id(lower);
                if (pretrainedVectors != null && (dropped || !words.contains(lower))) {
                    pretrained.copy(pretrainedId(lower), pretrainedVectors, i * dim * steps + t, steps);
                }
                shapeIds[at] = WordShape.of(w).id();
                mask[at] = 1;
                if (charIds != null) {
                    int base = (i * steps + t) * slot;
                    int[] cps = clipped(w);
                    for (int c = 0; c < cps.length; c++) {
                        charIds[base + 1 + c] = characters.id(Character.toString(cps[c]));
                    }
                    // the CNN reads the whole slot (its padding keeps words apart), a BiLSTM only the characters
                    boolean wholeSlot = settings.charEncoder() == TaggerSettings.CharEncoder.CNN;
                    for (int c = wholeSlot ? 0 : 1; c < (wholeSlot ? slot : 1 + cps.length); c++) {
                        charMask[base + c] = 1;
                    }
                }
                if (tagged != null) {
                    Integer tag = tagIndex.get(tagged.get(i).get(t));
                    if (tag != null) {
                        labels[(i * k + tag) * steps + t] = 1;
                        labelMask[at] = 1;
                    }
                }
            }
        }
        List<INDArray> features = new ArrayList<>();
        List<INDArray> masks = new ArrayList<>();
        INDArray maskArray = Nd4j.create(mask, new long[] {b, steps}, 'c');
        features.add(Nd4j.create(wordIds, new long[] {b, 1, steps}, 'c'));
        masks.add(maskArray);
        if (pretrainedVectors != null) {
            features.add(Nd4j.create(pretrainedVectors, new long[] {b, dim, steps}, 'c'));
            masks.add(maskArray.dup());
        }
        if (charIds != null) {
            features.add(Nd4j.create(charIds, new long[] {b, 1, (long) steps * slot}, 'c'));
            masks.add(Nd4j.create(charMask, new long[] {b, (long) steps * slot}, 'c'));
        }
        if (settings.caseFeature()) {
            features.add(Nd4j.create(shapeIds, new long[] {b, 1, steps}, 'c'));
            masks.add(maskArray.dup());
        }
        INDArray[] labelArrays = tagged == null ? null
                : new INDArray[] {Nd4j.create(labels, new long[] {b, k, steps}, 'c')};
        INDArray[] labelMasks = tagged == null ? null
                : new INDArray[] {Nd4j.create(labelMask, new long[] {b, steps}, 'c')};
        return new org.nd4j.linalg.dataset.MultiDataSet(features.toArray(INDArray[]::new), labelArrays,
                masks.toArray(INDArray[]::new), labelMasks);
    }

    /** The batch of tagged sentences, for training and validation. */
    public MultiDataSet batch(Collection<TaggedSentence> sentences) {
        return batch(sentences.stream().map(TaggedSentence::words).toList(),
                sentences.stream().map(TaggedSentence::tags).toList());
    }

    /** A word's code points, or its first and last halves when longer than the CNN reads (prefix and suffix). */
    int[] clipped(String word) {
        int[] cps = word.codePoints().toArray();
        int max = settings.maxWordChars();
        if (cps.length <= max) {
            return cps;
        }
        int[] out = new int[max];
        int head = max / 2;
        System.arraycopy(cps, 0, out, 0, head);
        System.arraycopy(cps, cps.length - (max - head), out, head, max - head);
        return out;
    }

    Map<String, Integer> tagIndex() {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < tags.size(); i++) {
            index.put(tags.get(i), i);
        }
        return index;
    }
}
