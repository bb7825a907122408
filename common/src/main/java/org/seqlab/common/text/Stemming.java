package org.seqlab.common.text;

import java.util.function.Supplier;
import opennlp.tools.stemmer.PorterStemmer;
import opennlp.tools.stemmer.Stemmer;
import opennlp.tools.stemmer.snowball.SnowballStemmer;

/** Optional suffix stripping with OpenNLP's stemmers. */
public enum Stemming {
    NONE(null),
    /** Porter (1980), the classic English stemmer. */
    PORTER(PorterStemmer::new),
    /** Snowball English ("Porter2"), Porter's own revision. */
    SNOWBALL(() -> new SnowballStemmer(SnowballStemmer.ALGORITHM.ENGLISH));

    // OpenNLP's stemmers keep state between calls, so each thread gets its own instance.
    private final ThreadLocal<Stemmer> perThread;

    Stemming(Supplier<Stemmer> factory) {
        this.perThread = factory == null ? null : ThreadLocal.withInitial(factory);
    }

    public String stem(String token) {
        return perThread == null ? token : perThread.get().stem(token).toString();
    }

    /** Lower case, as on the command line (help texts print defaults with it). */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
