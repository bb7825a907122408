package org.seqlab.common.text;

/** The tokenizers a {@link TextPipeline} can name; the name is what model bundles store. */
public enum TokenizerKind {
    /** Apache OpenNLP's maximum-entropy tokenizer with its pretrained English model (UD EWT). */
    OPENNLP,
    /** Rule-based: words (with inner apostrophes and hyphens), numbers, URLs, e-mails, emoji, punctuation. */
    SIMPLE,
    /** One token per Unicode code point, whitespace included (for character-level models). */
    CHAR;

    public Tokenizer tokenizer() {
        return switch (this) {
            case OPENNLP -> OpenNlpTokenizer.english();
            case SIMPLE -> SimpleTokenizer.INSTANCE;
            case CHAR -> CharTokenizer.INSTANCE;
        };
    }

    /** Lower case, as on the command line (help texts print defaults with it). */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
