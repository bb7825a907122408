package org.seqlab.captioning;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.seqlab.common.io.AtomicFiles;

/** Attention maps: for each generated word, the image with the regions it attended to lit up. */
final class CaptionCharts {
    private static final int TILE = 112;
    private static final int LABEL = 22;

    private CaptionCharts() {
    }

    /** One attended example: the picture, its generated words (and the end token) and alpha[step][region]. */
    record Attended(BufferedImage picture, List<String> words, double[][] alpha) {
    }

    /**
     * One row per example, one tile per word: the picture darkened where the word's attention is low, with a
     * red outline around the most attended region.
     */
    static void attentionMaps(Path png, List<Attended> examples, int gridHeight, int gridWidth) throws IOException {
        int columns = examples.stream().mapToInt(e -> e.words().size()).max().orElse(1);
        BufferedImage out = new BufferedImage(Math.max(1, columns) * TILE, examples.size() * (TILE + LABEL),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int cell = TILE - 8;
        for (int row = 0; row < examples.size(); row++) {
            Attended e = examples.get(row);
            for (int t = 0; t < e.words().size(); t++) {
                int x = t * TILE + 4;
                int y = row * (TILE + LABEL) + 4;
                g.drawImage(e.picture(), x, y, cell, cell, null);
                double[] a = e.alpha()[t];
                double max = 0;
                int argMax = 0;
                for (int r = 0; r < a.length; r++) {
                    if (a[r] > max) {
                        max = a[r];
                        argMax = r;
                    }
                }
                for (int r = 0; r < a.length; r++) {
                    int gy = r / gridWidth;
                    int gx = r % gridWidth;
                    int x0 = x + gx * cell / gridWidth;
                    int y0 = y + gy * cell / gridHeight;
                    int x1 = x + (gx + 1) * cell / gridWidth;
                    int y1 = y + (gy + 1) * cell / gridHeight;
                    float shade = max > 0 ? (float) (0.75 * (1 - a[r] / max)) : 0.75f;
                    g.setColor(new Color(0f, 0f, 0f, shade));
                    g.fillRect(x0, y0, x1 - x0, y1 - y0);
                }
                int gy = argMax / gridWidth;
                int gx = argMax % gridWidth;
                g.setColor(Color.RED);
                g.drawRect(x + gx * cell / gridWidth, y + gy * cell / gridHeight, cell / gridWidth, cell / gridHeight);
                g.setColor(Color.BLACK);
                g.drawString(e.words().get(t), x, y + cell + 16);
            }
        }
        g.dispose();
        AtomicFiles.write(png, stream -> ImageIO.write(out, "png", stream));
    }
}
