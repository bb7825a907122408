package org.seqlab.common.report;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Where the parts of a heat map go, measured in the fonts they are drawn in (a fixed guess of pixels per
 * character cut "NOUN" to "NOUI": capitals are wider than the guess).
 *
 * @param cell            side of one square cell in pixels
 * @param rowLabelWidth   the margin left of the grid, wide enough for the widest row label
 * @param top             where the grid starts: below the title and the rotated column labels
 * @param cellText        whether every cell's number fits inside its cell (otherwise only colours are drawn)
 */
record HeatMapLayout(int cell, int rowLabelWidth, int top, int width, int height, boolean cellText) {
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font CELL_FONT = LABEL_FONT;
    /** Pixels between a label and the image's edge or the grid. */
    static final int GAP = 6;
    /** Labels longer than this are shortened with an ellipsis, so that one odd label cannot widen the chart. */
    static final int MAX_LABEL_CHARS = 40;
    /** The grid is not widened past this to fit the numbers in the cells; the colours still tell. */
    private static final int MAX_GRID = 1000;
    private static final int TITLE_SPACE = 50;

    static HeatMapLayout of(String title, String axes, List<String> columnLabels, List<String> rowLabels,
                            List<String> cellTexts) {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            FontMetrics labels = g.getFontMetrics(LABEL_FONT);
            int side = Math.max(1, Math.max(rowLabels.size(), columnLabels.size()));
            int cell = Math.max(18, Math.min(90, 640 / side));
            int widestText = widest(cellTexts, g.getFontMetrics(CELL_FONT)) + 2 * 4;
            if (widestText > cell && widestText * side <= MAX_GRID) {
                cell = widestText;
            }
            int rowLabelWidth = widest(rowLabels, labels) + 2 * GAP;
            int top = TITLE_SPACE + widest(columnLabels, labels) + 2 * GAP;
            int width = Math.max(rowLabelWidth + columnLabels.size() * cell + 20,
                    20 + Math.max(g.getFontMetrics(TITLE_FONT).stringWidth(title), labels.stringWidth(axes)));
            int height = top + rowLabels.size() * cell + 20;
            return new HeatMapLayout(cell, rowLabelWidth, top, width, height, widestText <= cell);
        } finally {
            g.dispose();
        }
    }

    /** A label as drawn: whole up to {@value #MAX_LABEL_CHARS} characters. */
    static String shown(String label) {
        return label.length() <= MAX_LABEL_CHARS ? label : label.substring(0, MAX_LABEL_CHARS - 1) + "\u2026";
    }

    private static int widest(List<String> texts, FontMetrics metrics) {
        return texts.stream().mapToInt(t -> metrics.stringWidth(shown(t))).max().orElse(0);
    }
}
