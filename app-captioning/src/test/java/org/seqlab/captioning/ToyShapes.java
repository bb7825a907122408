package org.seqlab.captioning;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.train.TrainSettings;

/**
 * Coloured shapes drawn as PNG files, captioned "red circle", "small blue square"...: a set a captioner must
 * learn exactly. Each of the 12 captions is drawn in 8 random placements; placement 0 is held out for testing.
 */
final class ToyShapes {
    static final int SIZE = 24;
    static final int PLACEMENTS = 8;
    static final Map<String, Color> COLOURS = Map.of("red", new Color(220, 30, 30), "green", new Color(30, 170, 40),
            "blue", new Color(30, 60, 220));
    static final List<String> SHAPES = List.of("circle", "square", "triangle", "bar");

    record Sets(List<CaptionExample> train, List<CaptionExample> test) {
    }

    private ToyShapes() {
    }

    static Sets write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<CaptionExample> train = new ArrayList<>();
        List<CaptionExample> test = new ArrayList<>();
        java.util.Random random = new java.util.Random(3);
        int[][] placements = new int[PLACEMENTS][];
        for (int p = 0; p < PLACEMENTS; p++) {
            placements[p] = new int[] {9 + random.nextInt(7), 9 + random.nextInt(7), 10 + random.nextInt(7)};
        }
        for (String colour : List.of("red", "green", "blue")) {
            for (String shape : SHAPES) {
                for (int p = 0; p < placements.length; p++) {
                    Path file = dir.resolve(colour + "-" + shape + "-" + p + ".png");
                    ImageIO.write(draw(colour, shape, placements[p][0], placements[p][1], placements[p][2]), "png", file.toFile());
                    CaptionExample e = new CaptionExample(file, List.of(colour + " " + shape), colour + " " + shape + " " + p);
                    (p == 0 ? test : train).add(e);
                }
            }
        }
        return new Sets(train, test);
    }

    static BufferedImage draw(String colour, String shape, int cx, int cy, int size) {
        BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(COLOURS.get(colour));
        int h = size / 2;
        switch (shape) {
            case "circle" -> g.fillOval(cx - h, cy - h, size, size);
            case "square" -> g.fillRect(cx - h, cy - h, size, size);
            case "triangle" -> g.fillPolygon(new int[] {cx - h, cx + h, cx}, new int[] {cy + h, cy + h, cy - h}, 3);
            case "bar" -> g.fillRect(cx - h, cy - 2, size, 4);
            default -> throw new IllegalArgumentException(shape);
        }
        g.dispose();
        return img;
    }

    static CaptionSettings settings(String attention, CellType cell) {
        return new CaptionSettings("scratch", "random", "", false, SIZE, List.of(8, 16, 32), 32, cell, 48, 1, 16, 0.0,
                attention, 16, "none", 1, 6);
    }

    static TrainSettings training(int epochs) {
        return new TrainSettings(epochs, 12, 7, 5e-3, 1.0, 0, 5.0, 0, 0);
    }
}
