package org.seqlab.datasets.parse;

import java.nio.ByteOrder;

/** Lets tests in other packages build .mo files with {@link MoParserTest}'s writer. */
public final class MoParserTestAccess {
    private MoParserTestAccess() {
    }

    public static byte[] mo(ByteOrder order, String[][] entries) {
        return MoParserTest.mo(order, entries);
    }
}
