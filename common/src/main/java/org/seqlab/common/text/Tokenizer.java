package org.seqlab.common.text;

import java.util.List;

/**
 * Splits text into tokens. Implementations are immutable and safe to share between threads; get one
 * through {@link TokenizerKind#tokenizer()} so that a model is loaded once per JVM.
 */
public interface Tokenizer {
    /** The tokens of {@code text} in order; an empty list for empty or blank text, never null. */
    List<String> tokenize(String text);
}
