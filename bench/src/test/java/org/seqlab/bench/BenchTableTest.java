package org.seqlab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchTableTest {
    @Test
    void longAppNamesKeepTheColumnsAligned() {
        List<BenchRow> rows = List.of(BenchRow.appTorch("captioning", 2, 10, 1463, 350, 1.0),
                BenchRow.appTorch("tagger", 1, 10, 4469, 179, 1.0));
        String[] lines = BenchTable.render(rows).split("\n");
        int impl = lines[0].indexOf("impl");
        for (int i = 1; i < lines.length; i++) {
            assertEquals(impl, lines[i].indexOf("pytorch"), "the impl column of row " + i + ":\n" + String.join("\n", lines));
        }
    }
}
