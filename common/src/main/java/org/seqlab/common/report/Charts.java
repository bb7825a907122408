package org.seqlab.common.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
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
import org.knowm.xchart.style.XYStyler;
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
        readableTicks(chart.getStyler(), logY);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        // one line is named by the title
        chart.getStyler().setLegendVisible(series.size() > 1);
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
    public static void learningCurves(Path png, List<Double> epochs, List<Double> trainLoss,
                                      List<Double> validationLoss, String metricName,
                                      List<Double> validationMetric) throws IOException {
        XYChart loss = new XYChartBuilder().width(WIDTH / 2).height(HEIGHT).title("Loss per epoch")
                .xAxisTitle("epoch").yAxisTitle("loss").build();
        style(loss.getStyler());
        readableTicks(loss.getStyler(), false);
        // below the plot: beside it, the legend took a third of a half-width chart
        loss.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        loss.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        addIfPresent(loss, "train", epochs, trainLoss);
        addIfPresent(loss, "validation", epochs, validationLoss);
        String shownMetric = metricName.replace('_', ' ');
        XYChart metric = new XYChartBuilder().width(WIDTH / 2).height(HEIGHT)
                .title("Validation " + shownMetric).xAxisTitle("epoch").yAxisTitle(shownMetric).build();
        style(metric.getStyler());
        readableTicks(metric.getStyler(), false);
        // one line, named by the title
        metric.getStyler().setLegendVisible(false);
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

    private static void addIfPresent(XYChart chart, String name, List<Double> xs, List<Double> ys) {
        List<Double> keptX = new ArrayList<>();
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
        writePng(drawHeatMap(title, xLabel, yLabel, columnLabels, rowLabels, values, cellText), png);
    }

    static BufferedImage drawHeatMap(String title, String xLabel, String yLabel, List<String> columnLabels,
                                     List<String> rowLabels, double[][] values, long[][] cellText) {
        int rows = rowLabels.size();
        int cols = columnLabels.size();
        List<String> texts = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                texts.add(cellText != null ? Long.toString(cellText[r][c]) : String.format("%.2f", values[r][c]));
            }
        }
        String axes = yLabel + " \u2193   " + xLabel + " \u2192";
        HeatMapLayout layout = HeatMapLayout.of(title, axes, columnLabels, rowLabels, texts);
        int cell = layout.cell();
        BufferedImage img = new BufferedImage(layout.width(), layout.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, layout.width(), layout.height());
        g.setColor(Color.BLACK);
        g.setFont(HeatMapLayout.TITLE_FONT);
        g.drawString(title, 10, 22);
        double max = 0;
        for (double[] row : values) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        int left = layout.rowLabelWidth();
        int top = layout.top();
        g.setFont(HeatMapLayout.LABEL_FONT);
        for (int c = 0; c < cols; c++) {
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.translate(left + c * cell + cell / 2 + 4, top - HeatMapLayout.GAP);
            rotated.rotate(-Math.PI / 2);
            rotated.drawString(HeatMapLayout.shown(columnLabels.get(c)), 0, 0);
            rotated.dispose();
        }
        for (int r = 0; r < rows; r++) {
            g.setColor(Color.BLACK);
            g.setFont(HeatMapLayout.LABEL_FONT);
            g.drawString(HeatMapLayout.shown(rowLabels.get(r)), HeatMapLayout.GAP, top + r * cell + cell / 2 + 5);
            g.setFont(HeatMapLayout.CELL_FONT);
            for (int c = 0; c < cols; c++) {
                float t = max > 0 ? (float) (values[r][c] / max) : 0f;
                g.setColor(new Color(1f - 0.85f * t, 1f - 0.55f * t, 1f - 0.2f * t));
                g.fillRect(left + c * cell, top + r * cell, cell, cell);
                g.setColor(new Color(220, 220, 220));
                g.drawRect(left + c * cell, top + r * cell, cell, cell);
                if (layout.cellText()) {
                    g.setColor(t > 0.6f ? Color.WHITE : Color.BLACK);
                    g.drawString(texts.get(r * cols + c), left + c * cell + 4, top + r * cell + cell / 2 + 5);
                }
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.setFont(HeatMapLayout.LABEL_FONT);
        g.drawString(axes, 10, 40);
        g.dispose();
        return img;
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
            List<String> lines = wrap(captions.get(i), g.getFontMetrics(), tile - 8, 2);
            for (int line = 0; line < lines.size(); line++) {
                g.drawString(lines.get(line), x + 4, y + tile - 8 + 16 * line);
            }
            g.setColor(new Color(230, 230, 230));
            g.setStroke(new BasicStroke(1));
            g.drawRect(x, y, tile - 1, tile + captionHeight - 1);
        }
        g.dispose();
        writePng(grid, png);
    }

    /**
     * Tick labels with a few decimals: XChart otherwise labels a narrow range (two epochs, say) with the raw
     * values, 2.545001724198135, which squeezes the plot. A log axis keeps XChart's own labels (1E-6).
     */
    private static void readableTicks(XYStyler styler, boolean logY) {
        styler.setXAxisDecimalPattern("#,##0.##");
        if (!logY) {
            styler.setYAxisDecimalPattern("#,##0.####");
        }
    }

    /**
     * {@code text} in at most {@code maxLines} lines of at most {@code width} pixels, broken between words (a word
     * wider than a line is broken where it must); what does not fit ends in an ellipsis.
     */
    static List<String> wrap(String text, FontMetrics metrics, int width, int maxLines) {
        List<String> lines = new ArrayList<>();
        String rest = text.strip();
        while (!rest.isEmpty() && lines.size() < maxLines) {
            int end = rest.length();
            while (end > 1 && metrics.stringWidth(rest.substring(0, end)) > width) {
                end--;
            }
            if (end < rest.length()) {
                int space = rest.lastIndexOf(' ', end);
                end = space > 0 ? space : end;
            }
            lines.add(rest.substring(0, end).strip());
            rest = rest.substring(end).strip();
        }
        if (!rest.isEmpty()) {
            String last = lines.get(lines.size() - 1);
            while (!last.isEmpty() && metrics.stringWidth(last + "\u2026") > width) {
                last = last.substring(0, last.length() - 1);
            }
            lines.set(lines.size() - 1, last.strip() + "\u2026");
        }
        return lines;
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
