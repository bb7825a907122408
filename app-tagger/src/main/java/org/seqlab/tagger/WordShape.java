package org.seqlab.tagger;

/**
 * The case feature: what a lower-cased word embedding loses. Ids start at 1; 0 is padding.
 */
enum WordShape {
    LOWER, TITLE, UPPER, DIGITS, OTHER;

    static final int IDS = values().length + 1;

    int id() {
        return ordinal() + 1;
    }

    static WordShape of(String word) {
        boolean digit = false;
        boolean upper = false;
        boolean lower = false;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            digit |= Character.isDigit(c);
            upper |= Character.isUpperCase(c);
            lower |= Character.isLowerCase(c);
        }
        if (digit) {
            return DIGITS;
        }
        if (upper && !lower) {
            return word.length() > 1 ? UPPER : TITLE;
        }
        if (upper) {
            return Character.isUpperCase(word.charAt(0)) ? TITLE : OTHER;
        }
        return lower ? LOWER : OTHER;
    }
}
