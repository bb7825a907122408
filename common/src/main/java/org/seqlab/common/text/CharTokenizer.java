package org.seqlab.common.text;

import java.util.ArrayList;
import java.util.List;

/**
 * One token per Unicode code point, so that characters outside the BMP (most emoji) stay whole.
 * Whitespace is kept: a character-level model has to learn where spaces and line breaks go.
 */
public final class CharTokenizer implements Tokenizer {
    public static final CharTokenizer INSTANCE = new CharTokenizer();

    private CharTokenizer() {
    }

    @Override
    public List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>(text.length());
        text.codePoints().forEach(cp -> tokens.add(Character.toString(cp)));
        return tokens;
    }
}
