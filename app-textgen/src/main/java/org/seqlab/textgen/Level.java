package org.seqlab.textgen;

/** What one token of the language model is. */
public enum Level {
    /** One Unicode code point: the char-rnn. */
    CHAR,
    /** A word or punctuation mark of the rule-based tokenizer, with a token for each line end. */
    WORD;

    /** The unit in metric names: {@code bits_per_char}, {@code bits_per_word}. */
    public String unit() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
