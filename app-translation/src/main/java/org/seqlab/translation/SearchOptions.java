package org.seqlab.translation;

import picocli.CommandLine.Option;

/** The beam search's options, shared by {@code train} (its test evaluation), {@code eval} and {@code translate}. */
public final class SearchOptions {
    @Option(names = "--beam", paramLabel = "K", description = "Beam width. Default: ${DEFAULT-VALUE}.")
    int beam = Decoding.DEFAULT.beam();

    @Option(names = "--block-ngram-repeat", paramLabel = "N",
            description = "Never repeat an N-gram of subwords within a translation (OpenNMT's option; 0 = off). "
                    + "Default: ${DEFAULT-VALUE}.")
    int blockRepeat = Decoding.DEFAULT_BLOCK_REPEAT;

    @Option(names = "--allow-repeated-words",
            description = "Let a word follow itself (\"pointer pointer\"); by default the beam drops such hypotheses.")
    boolean repeatedWords = Decoding.DEFAULT_REPEATED_WORDS;

    @Option(names = "--length-penalty", paramLabel = "ALPHA",
            description = "Rank hypotheses by log-probability / length^ALPHA (0 favours short ones, above 1 long ones). "
                    + "Default: ${DEFAULT-VALUE}.")
    double lengthAlpha = Decoding.DEFAULT.lengthAlpha();

    /** A beam search with these options. */
    Decoding beamSearch(int nBest) {
        return new Decoding(beam, false, nBest, lengthAlpha, blockRepeat, repeatedWords);
    }
}
