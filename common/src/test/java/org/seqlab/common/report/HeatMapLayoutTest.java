package org.seqlab.common.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Heat-map labels and cell numbers are drawn whole, whatever their length (the tagger's "NOUN" was cut to "NOUI"). */
class HeatMapLayoutTest {
    static final String LONG_TAG = "B-WORK_OF_ART";

    @Test
    void everyRowLabelIsDrawnWholeLeftOfTheGrid() {
        List<String> tags = List.of("NOUN", "VERB", "CONJ", LONG_TAG, "X");
        long[][] counts = new long[tags.size()][tags.size()];
        double[][] values = new double[tags.size()][tags.size()];
        HeatMapLayout layout = HeatMapLayout.of("t", "a", tags, tags, Collections.nCopies(tags.size() * tags.size(), "0"));
        BufferedImage image = Charts.drawHeatMap("t", "predicted", "true", tags, tags, values, counts);
        int width = textWidth(LONG_TAG);
        for (int r = 0; r < tags.size(); r++) {
            // left of the grid, the label's ink spans its measured width (less the glyphs' side bearings): a grid
            // drawn over the label's end would leave less
            int[] ink = inkColumns(image, 0, layout.rowLabelWidth(), layout.top() + r * layout.cell(),
                    layout.top() + (r + 1) * layout.cell());
            int drawn = ink[1] - ink[0] + 1;
            assertTrue(drawn >= textWidth(tags.get(r)) - 4, tags.get(r) + ": " + drawn + " of " + textWidth(tags.get(r)) + " px");
        }
        assertTrue(layout.rowLabelWidth() > width && layout.rowLabelWidth() < width + 30,
                "the margin follows the longest label: " + layout.rowLabelWidth() + " for " + width + " px");
        assertTrue(layout.top() > 50 + width, "room above the grid for the rotated column labels");
    }

    @Test
    void cellsGrowToHoldTheirNumbersOrDrawNone() {
        List<String> seventeen = new ArrayList<>();
        for (int i = 0; i < 17; i++) {
            seventeen.add("T" + i);
        }
        HeatMapLayout counts = HeatMapLayout.of("t", "a", seventeen, seventeen, List.of("123456", "0"));
        assertTrue(counts.cellText() && counts.cell() >= textWidth("123456") + 8, "cell " + counts.cell());
        List<String> forty = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            forty.add("w" + i);
        }
        HeatMapLayout attention = HeatMapLayout.of("t", "a", forty, forty, List.of("0.25"));
        assertFalse(attention.cellText(), "40 columns of numbers would be too wide: colours only");
        assertEquals(18, attention.cell());
    }

    @Test
    void absurdlyLongLabelsAreShortened() {
        String label = "x".repeat(500);
        assertEquals(HeatMapLayout.MAX_LABEL_CHARS, HeatMapLayout.shown(label).length());
        assertTrue(HeatMapLayout.of("t", "a", List.of(label), List.of(label), List.of("1")).width() < 800);
    }

    private static int textWidth(String text) {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            return g.getFontMetrics(HeatMapLayout.LABEL_FONT).stringWidth(text);
        } finally {
            g.dispose();
        }
    }

    /** First and last x in [x0, x1) with a dark pixel between rows y0 and y1. */
    private static int[] inkColumns(BufferedImage image, int x0, int x1, int y0, int y1) {
        int first = -1;
        int last = -1;
        for (int x = x0; x < x1; x++) {
            for (int y = y0 + 1; y < y1 - 1; y++) {
                int rgb = image.getRGB(x, y);
                if (((rgb >> 16) & 0xff) < 100 && ((rgb >> 8) & 0xff) < 100 && (rgb & 0xff) < 100) {
                    first = first < 0 ? x : first;
                    last = x;
                }
            }
        }
        return new int[] {first, last};
    }
}
