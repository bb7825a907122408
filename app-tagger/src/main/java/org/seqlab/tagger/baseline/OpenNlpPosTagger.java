package org.seqlab.tagger.baseline;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import opennlp.tools.postag.POSModel;
import opennlp.tools.postag.POSTaggerME;

/**
 * Apache OpenNLP's pretrained English part-of-speech model ({@code opennlp-models-pos-en}, trained on UD English
 * EWT), its tags mapped to the 12 universal tags of Petrov et al. (the Brown corpus's universal tags here): a tagger
 * trained on other text, the comparison a user would reach for first.
 */
public final class OpenNlpPosTagger {
    static final String MODEL = "/opennlp-en-ud-ewt-pos-1.3-2.5.4.bin";

    /**
     * UD's 17 tags (and Penn tags, should the model answer in them) to the 12 universal tags, with the conventions of
     * the Brown data's mapping ({@code UniversalTagset}): subordinating conjunctions ADP, <i>whose</i> DET,
     * existential <i>there</i> PRT.
     */
    static final Map<String, String> UNIVERSAL = Map.ofEntries(
            Map.entry("NOUN", "NOUN"), Map.entry("PROPN", "NOUN"), Map.entry("VERB", "VERB"), Map.entry("AUX", "VERB"),
            Map.entry("ADJ", "ADJ"), Map.entry("ADV", "ADV"), Map.entry("PRON", "PRON"), Map.entry("DET", "DET"),
            Map.entry("ADP", "ADP"), Map.entry("NUM", "NUM"), Map.entry("CCONJ", "CONJ"), Map.entry("SCONJ", "ADP"),
            Map.entry("PART", "PRT"), Map.entry("PUNCT", "."), Map.entry("SYM", "."), Map.entry("INTJ", "X"),
            Map.entry("X", "X"),
            Map.entry("NN", "NOUN"), Map.entry("NNS", "NOUN"), Map.entry("NNP", "NOUN"), Map.entry("NNPS", "NOUN"),
            Map.entry("VB", "VERB"), Map.entry("VBD", "VERB"), Map.entry("VBG", "VERB"), Map.entry("VBN", "VERB"),
            Map.entry("VBP", "VERB"), Map.entry("VBZ", "VERB"), Map.entry("MD", "VERB"), Map.entry("JJ", "ADJ"),
            Map.entry("JJR", "ADJ"), Map.entry("JJS", "ADJ"), Map.entry("RB", "ADV"), Map.entry("RBR", "ADV"),
            Map.entry("RBS", "ADV"), Map.entry("WRB", "ADV"), Map.entry("PRP", "PRON"), Map.entry("PRP$", "DET"),
            Map.entry("WP", "PRON"), Map.entry("WP$", "DET"), Map.entry("DT", "DET"), Map.entry("PDT", "DET"),
            Map.entry("WDT", "DET"), Map.entry("EX", "PRT"), Map.entry("IN", "ADP"), Map.entry("CD", "NUM"),
            Map.entry("CC", "CONJ"), Map.entry("RP", "PRT"), Map.entry("TO", "PRT"), Map.entry("POS", "PRT"),
            Map.entry("UH", "X"), Map.entry("FW", "X"), Map.entry("LS", "X"));

    private final POSTaggerME tagger;

    public OpenNlpPosTagger() throws IOException {
        try (InputStream in = OpenNlpPosTagger.class.getResourceAsStream(MODEL)) {
            if (in == null) {
                throw new IllegalStateException("OpenNLP model " + MODEL + " is not on the class path "
                        + "(Maven org.apache.opennlp:opennlp-models-pos-en)");
            }
            tagger = new POSTaggerME(new POSModel(in));
        }
    }

    /** Universal tags for a tokenised sentence; a tag outside the mapping becomes X. */
    public List<String> tag(List<String> words) {
        return Arrays.stream(tagger.tag(words.toArray(String[]::new))).map(t -> UNIVERSAL.getOrDefault(t, "X")).toList();
    }
}
