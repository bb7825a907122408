package org.seqlab.common.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.seqlab.common.io.AtomicFiles;

/** PNG charts for reports, drawn with XChart (and plain Java2D for image grids). */
public final class Charts {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 480;

    static {
        // charts are drawn on servers and in CI, never on screen
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /**
     * A line chart, one line per series; each series is {@code {xs, ys}}. With {@code logY}, values
     * that are not positive are dropped (a log axis cannot show them).
     */
    public static void line(Path png, String title, String xLabel, String yLabel, boolean logY,
                            Map<String, double[][]> series) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        style(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        series.forEach((name, xy) -> {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < xy[0].length; i++) {
                if (Double.isFinite(xy[1][i]) && (!logY || xy[1][i] > 0)) {
                    xs.add(xy[0][i]);
                    ys.add(xy[1][i]);
                }
            }
            if (!xs.isEmpty()) {
                chart.addSeries(name, xs, ys).setMarker(xs.size() > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            }
        });
        save(chart, png);
    }

    /** Train/validation loss and the monitored metric per epoch, side by side in one image. */
    public static void learningCurves(Path png, List<Integer> epochs, List<Double> trainLoss,
                                      List<Double> validationLoss, String metricName,
                                      List<Double> validationMetric) throws IOException {
        XYChart loss = new XYChartBuilder().width(WIDTH / 2).height(HEIGHT).title("Loss per epoch")
                .xAxisTitle("epoch").yAxisTitle("loss").build();
        style(loss.getStyler());
        addIfPresent(loss, "train", epochs, trainLoss);
        addIfPresent(loss, "validation", epochs, validationLoss);
        XYChart metric = new XYChartBuilder().width(WIDTH / 2).height(HEIGHT)
                .title("Validation " + metricName).xAxisTitle("epoch").yAxisTitle(metricName).build();
        style(metric.getStyler());
        addIfPresent(metric, metricName, epochs, validationMetric);
        BufferedImage left = BitmapEncoder.getBufferedImage(loss);
        BufferedImage right = BitmapEncoder.getBufferedImage(metric);
        BufferedImage both = new BufferedImage(left.getWidth() + right.getWidth(), HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, left.getWidth(), 0, null);
        g.dispose();
        writePng(both, png);
    }

    private static void addIfPresent(XYChart chart, String name, List<Integer> xs, List<Double> ys) {
        List<Integer> keptX = new ArrayList<>();
        List<Double> keptY = new ArrayList<>();
        for (int i = 0; i < Math.min(xs.size(), ys.size()); i++) {
            if (ys.get(i) != null && Double.isFinite(ys.get(i))) {
                keptX.add(xs.get(i));
                keptY.add(ys.get(i));
            }
        }
        if (!keptX.isEmpty()) {
            chart.addSeries(name, keptX, keptY).setMarker(SeriesMarkers.CIRCLE);
        }
    }

    /** Confusion matrix: rows are true labels, columns predicted; cells show counts, colour shows row share. */
    public static void confusionMatrix(Path png, List<String> labels, long[][] counts) throws IOException {
        double[][] share = new double[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            long rowTotal = 0;
            for (long c : counts[r]) {
                rowTotal += c;
            }
            share[r] = new double[counts[r].length];
            for (int c = 0; c < counts[r].length; c++) {
                share[r][c] = rowTotal == 0 ? 0 : counts[r][c] / (double) rowTotal;
            }
        }
        heatMap(png, "Confusion matrix (rows: true, columns: predicted)", "predicted", "true",
                labels, labels, share, counts);
    }

    /**
     * A heat map, e.g. attention weights: {@code values[row][column]}, rows drawn top to bottom.
     * {@code cellText}, when given, is printed in each cell instead of the value.
     */
    public static void heatMap(Path png, String title, String xLabel, String yLabel, List<String> columnLabels,
                               List<String> rowLabels, double[][] values, long[][] cellText) throws IOException {
        int rows = rowLabels.size();
        int cols = columnLabels.size();
        int cell = Math.max(18, Math.min(90, 640 / Math.max(rows, cols)));
        int labelWidth = 12 + 7 * longest(rowLabels);
        int labelHeight = 12 + 7 * longest(columnLabels);
        // wide enough for the title, however few the cells
        int width = Math.max(labelWidth + cols * cell + 40, 20 + 8 * title.length());
        int height = 50 + labelHeight + rows * cell + 40;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, 10, 22);
        double max = 0;
        for (double[] row : values) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        int top = 50 + labelHeight;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int c = 0; c < cols; c++) {
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.translate(labelWidth + c * cell + cell / 2 + 4, top - 6);
            rotated.rotate(-Math.PI / 2);
            rotated.drawString(columnLabels.get(c), 0, 0);
            rotated.dispose();
        }
        for (int r = 0; r < rows; r++) {
            g.setColor(Color.BLACK);
            g.drawString(rowLabels.get(r), 6, top + r * cell + cell / 2 + 5);
            for (int c = 0; c < cols; c++) {
                double v = values[r][c];
                float t = max > 0 ? (float) (v / max) : 0f;
                g.setColor(new Color(1f - 0.85f * t, 1f - 0.55f * t, 1f - 0.2f * t));
                g.fillRect(labelWidth + c * cell, top + r * cell, cell, cell);
                g.setColor(new Color(220, 220, 220));
                g.drawRect(labelWidth + c * cell, top + r * cell, cell, cell);
                if (cell >= 28) {
                    String text = cellText != null ? Long.toString(cellText[r][c]) : String.format("%.2f", v);
                    g.setColor(t > 0.6f ? Color.WHITE : Color.BLACK);
                    g.drawString(text, labelWidth + c * cell + 4, top + r * cell + cell / 2 + 5);
                }
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString(yLabel + " \u2193   " + xLabel + " \u2192", 10, 40);
        g.dispose();
        writePng(img, png);
    }

    private static int longest(List<String> labels) {
        return labels.stream().mapToInt(String::length).max().orElse(1);
    }

    /** Grouped bars: one group per category, one bar per series. */
    public static void bar(Path png, String title, String xLabel, String yLabel, List<String> categories,
                           Map<String, double[]> series) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(series.size() > 1);
        // values printed on the bars: differences of a point or two are invisible in bar heights alone
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("0.###");
        series.forEach((name, ys) -> {
            List<Double> values = new ArrayList<>();
            for (double y : ys) {
                values.add(y);
            }
            chart.addSeries(name, categories, values);
        });
        save(chart, png);
    }

    /** Images in a grid, each with a caption under it (captioning samples). */
    public static void imageGrid(Path png, List<BufferedImage> images, List<String> captions, int columns)
            throws IOException {
        int tile = 160;
        int captionHeight = 36;
        int rows = (images.size() + columns - 1) / columns;
        BufferedImage grid = new BufferedImage(columns * tile, Math.max(1, rows) * (tile + captionHeight),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i < images.size(); i++) {
            int x = (i % columns) * tile;
            int y = (i / columns) * (tile + captionHeight);
            g.drawImage(images.get(i), x + 16, y + 8, tile - 32, tile - 32, null);
            g.setColor(Color.BLACK);
            String caption = captions.get(i);
            int split = Math.min(caption.length(), 26);
            g.drawString(caption.substring(0, split), x + 4, y + tile - 8);
            if (split < caption.length()) {
                g.drawString(caption.substring(split, Math.min(caption.length(), 52)), x + 4, y + tile + 8);
            }
            g.setColor(new Color(230, 230, 230));
            g.setStroke(new BasicStroke(1));
            g.drawRect(x, y, tile - 1, tile + captionHeight - 1);
        }
        g.dispose();
        writePng(grid, png);
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        styler.setAntiAlias(true);
    }

    private static void save(Chart<?, ?> chart, Path png) throws IOException {
        AtomicFiles.write(png, out -> BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG));
    }

    private static void writePng(BufferedImage image, Path png) throws IOException {
        AtomicFiles.write(png, out -> ImageIO.write(image, "png", out));
    }
}
