package org.seqlab.translation;

import java.util.Locale;

/** How the decoder looks at the source. */
public enum Attention {
    /** Additive score, previous state as query, context fed into the GRU (Bahdanau et al. 2015). */
    BAHDANAU,
    /** Dot-product score over the decoder's current state (Luong et al. 2015). */
    LUONG_DOT,
    /** Bilinear ("general") score over the decoder's current state (Luong et al. 2015). */
    LUONG_GENERAL,
    /** No attention: one summary of the source is the context at every step (the plain encoder-decoder). */
    NONE;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String toString() {
        return cliName();
    }
}
