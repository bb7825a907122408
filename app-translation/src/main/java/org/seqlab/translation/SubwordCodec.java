package org.seqlab.translation;

import java.util.ArrayList;
import java.util.List;
import org.seqlab.common.text.BytePairEncoding;
import org.seqlab.common.text.Vocabulary;

/**
 * One language's text as token ids and back: byte-pair subwords (or whole words) and their vocabulary.
 * Special ids are {@link Vocabulary}'s (pad, unk, bos, eos).
 */
public final class SubwordCodec {
    private final BytePairEncoding bpe;
    private final Vocabulary vocabulary;

    /** @param bpe the merges, or null for whole words */
    public SubwordCodec(BytePairEncoding bpe, Vocabulary vocabulary) {
        this.bpe = bpe;
        this.vocabulary = vocabulary;
    }

    /** Learns merges (or counts words) on the training side of one language. */
    public static SubwordCodec learn(List<String> texts, int merges, boolean wordVocabulary, int minWordCount) {
        if (wordVocabulary) {
            List<List<String>> words = texts.stream().map(SubwordCodec::wholeWords).toList();
            return new SubwordCodec(null, Vocabulary.build(words, minWordCount, 0));
        }
        return withMerges(BytePairEncoding.learn(texts, merges), texts);
    }

    /**
     * Learns one set of merges on both languages' training text (joint BPE, Sennrich et al. 2016), so a name, number
     * or identifier that source and target share is cut into the same subwords on both sides; each language keeps
     * the vocabulary of its own side.
     *
     * @return the source codec, then the target codec
     */
    public static List<SubwordCodec> learnJoint(List<String> sourceTexts, List<String> targetTexts, int merges) {
        List<String> both = new ArrayList<>(sourceTexts);
        both.addAll(targetTexts);
        BytePairEncoding bpe = BytePairEncoding.learn(both, merges);
        return List.of(withMerges(bpe, sourceTexts), withMerges(bpe, targetTexts));
    }

    private static SubwordCodec withMerges(BytePairEncoding bpe, List<String> texts) {
        List<List<String>> encoded = texts.stream().map(bpe::encode).toList();
        // every symbol the merges can produce from the training characters, so that only unseen characters are unknown
        Vocabulary vocabulary = Vocabulary.build(encoded, 1, 0).withTokens(bpe.symbols(texts));
        return new SubwordCodec(bpe, vocabulary);
    }

    static List<String> wholeWords(String text) {
        List<String> out = new ArrayList<>();
        for (List<String> word : BytePairEncoding.words(text)) {
            out.add(String.join("", word));
        }
        return out;
    }

    public BytePairEncoding bpe() {
        return bpe;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public boolean wordLevel() {
        return bpe == null;
    }

    /** The symbols of a text (subwords, or words). */
    public List<String> symbols(String text) {
        return bpe == null ? wholeWords(text) : bpe.encode(text);
    }

    /** Ids of a text, without start or end tokens. */
    public int[] encode(String text) {
        return vocabulary.encode(symbols(text), false);
    }

    /** Text of ids; an unknown token is written as {@code <unk>}. */
    public String decode(List<Integer> ids) {
        List<String> symbols = new ArrayList<>(ids.size());
        for (int id : ids) {
            if (id != Vocabulary.PAD_ID && id != Vocabulary.BOS_ID && id != Vocabulary.EOS_ID) {
                symbols.add(id == Vocabulary.UNK_ID ? BytePairEncoding.SPACE + Vocabulary.UNK : vocabulary.token(id));
            }
        }
        return BytePairEncoding.decode(symbols);
    }
}
