package org.seqlab.captioning;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.common.decode.Hypothesis;
import org.seqlab.common.report.Charts;
import org.seqlab.common.report.Report;

/**
 * Scores a captioner on the test images beside the baselines on the same split, and writes the report's
 * captioning sections: the scores table, a grid of 16 test images with their captions, and attention maps.
 */
final class CaptionEvaluation {
    private static final int GRID_IMAGES = 16;
    private static final int ATTENTION_IMAGES = 4;
    /** Images whose CNN features are computed in one forward pass. */
    private static final int FEATURE_BATCH = 128;

    /** The scores of every system, in report order, and the model's beam captions. */
    record Outcome(Map<String, CaptionMetrics.Scores> systems, List<Hypothesis> beamCaptions, double msPerImage) {
    }

    private CaptionEvaluation() {
    }

    static Outcome evaluate(CaptionModel model, int beam, List<CaptionExample> train, List<BufferedImage> trainPictures,
                            List<CaptionExample> test, List<BufferedImage> testPictures) {
        List<List<List<String>>> references = test.stream().map(CaptionExample::referenceTokens).toList();
        List<float[]> testPixels = testPictures.stream().map(p -> model.loader().toArray(p)).toList();
        List<float[]> trainPixels = trainPictures.stream().map(p -> model.loader().toArray(p)).toList();
        Map<String, CaptionMetrics.Scores> systems = new LinkedHashMap<>();
        long start = System.nanoTime();
        List<Hypothesis> beamed = CaptionTraining.describeAll(model, testPixels, beam);
        double msPerImage = (System.nanoTime() - start) / 1e6 / Math.max(1, testPixels.size());
        systems.put("model, beam " + beam, score(model, references, beamed));
        systems.put("model, greedy", score(model, references, CaptionTraining.describeAll(model, testPixels, 1)));
        int[] byFeature = Baselines.nearest(features(model, trainPixels), features(model, testPixels));
        systems.put("nearest training image by CNN feature", CaptionMetrics.score(references,
                Baselines.neighbourCaptions(train, byFeature)));
        int[] byPixels = Baselines.nearest(Baselines.rows(trainPixels), Baselines.rows(testPixels));
        systems.put("nearest training image by pixels", CaptionMetrics.score(references,
                Baselines.neighbourCaptions(train, byPixels)));
        List<String> frequent = Baselines.frequentWords(train);
        systems.put("most frequent words (\"" + CaptionText.join(frequent) + "\")", CaptionMetrics.score(references,
                test.stream().map(e -> frequent).toList()));
        return new Outcome(systems, beamed, msPerImage);
    }

    private static CaptionMetrics.Scores score(CaptionModel model, List<List<List<String>>> references,
                                               List<Hypothesis> captions) {
        return CaptionMetrics.score(references, captions.stream().map(model::words).toList());
    }

    private static INDArray features(CaptionModel model, List<float[]> pixels) {
        List<INDArray> parts = new ArrayList<>();
        for (int from = 0; from < pixels.size(); from += FEATURE_BATCH) {
            parts.add(model.features(pixels.subList(from, Math.min(pixels.size(), from + FEATURE_BATCH))));
        }
        return org.nd4j.linalg.factory.Nd4j.vstack(parts);
    }

    /** Key numbers, the table of systems, the sample grid and the attention maps. */
    static void write(Report report, CaptionModel model, Outcome outcome, int beam, List<CaptionExample> test,
                      List<BufferedImage> testPictures) throws IOException {
        CaptionMetrics.Scores main = outcome.systems().values().iterator().next();
        CaptionMetrics.Scores greedy = outcome.systems().get("model, greedy");
        Map<String, Object> key = new LinkedHashMap<>();
        for (int n = 1; n <= 4; n++) {
            key.put("bleu" + n, main.bleu(n));
        }
        key.put("chrf", main.chrF());
        key.put("greedy_bleu4", greedy.bleu(4));
        key.put("test_images", test.size());
        key.put("describe_ms_per_image", outcome.msPerImage());
        report.section("Test scores (beam " + beam + ")").keyMetrics(key);
        report.metrics(Map.of("bleu", main.bleu(4), "greedy_bleu1", greedy.bleu(1), "greedy_chrf", greedy.chrF()));
        List<List<?>> rows = new ArrayList<>();
        Map<String, Object> flat = new LinkedHashMap<>();
        for (Map.Entry<String, CaptionMetrics.Scores> e : outcome.systems().entrySet()) {
            CaptionMetrics.Scores s = e.getValue();
            rows.add(List.of(e.getKey(), round(s.bleu(1)), round(s.bleu(2)), round(s.bleu(3)), round(s.bleu(4)), round(s.chrF())));
            String name = metricName(e.getKey());
            if (name != null) {
                flat.put(name + "_bleu1", s.bleu(1));
                flat.put(name + "_bleu4", s.bleu(4));
                flat.put(name + "_chrf", s.chrF());
            }
        }
        report.metrics(flat);
        report.section("Model and baselines on the test split")
                .paragraph("BLEU-n is the captioning papers' cumulative BLEU (brevity penalty times the geometric mean of "
                        + "the 1..n-gram precisions, every reference of an image counted), in [0, 100]; chrF against the "
                        + "closest reference. The nearest-neighbour baselines copy the caption of the most similar "
                        + "training image.")
                .table(List.of("system", "BLEU-1", "BLEU-2", "BLEU-3", "BLEU-4", "chrF"), rows);
        sampleGrid(report, model, outcome.beamCaptions(), test, testPictures);
        attentionMaps(report, model, outcome.beamCaptions(), testPictures);
    }

    private static String metricName(String system) {
        if (system.startsWith("model, greedy")) {
            return null;
        }
        if (system.contains("CNN feature")) {
            return "nn_feature";
        }
        if (system.contains("pixels")) {
            return "nn_pixels";
        }
        return system.startsWith("most frequent") ? "frequent_words" : null;
    }

    private static String round(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }

    /** Evenly spaced test images, so the grid is not sorted by anything. */
    private static List<Integer> sample(int available, int wanted) {
        List<Integer> out = new ArrayList<>();
        int n = Math.min(available, wanted);
        for (int i = 0; i < n; i++) {
            out.add((int) ((long) i * available / n));
        }
        return out;
    }

    private static void sampleGrid(Report report, CaptionModel model, List<Hypothesis> captions, List<CaptionExample> test,
                                   List<BufferedImage> pictures) throws IOException {
        List<Integer> chosen = sample(test.size(), GRID_IMAGES);
        List<BufferedImage> images = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<List<?>> rows = new ArrayList<>();
        for (int k = 0; k < chosen.size(); k++) {
            int i = chosen.get(k);
            images.add(pictures.get(i));
            String generated = model.text(captions.get(i));
            labels.add((k + 1) + ". " + generated);
            rows.add(List.of(k + 1, generated, String.join(" | ", test.get(i).references())));
        }
        Charts.imageGrid(report.chartPath("test-captions.png"), images, labels, 4);
        report.section("Test images and their captions").image("test-captions.png",
                "16 test images with the generated caption (beam search)");
        report.table(List.of("#", "generated", "reference(s)"), rows);
    }

    private static void attentionMaps(Report report, CaptionModel model, List<Hypothesis> captions,
                                      List<BufferedImage> pictures) throws IOException {
        if (!model.settings().softAttention()) {
            return;
        }
        CaptionNetwork.Grid grid = CaptionNetwork.grid(model.graph(), model.settings().imageSize());
        List<CaptionCharts.Attended> examples = new ArrayList<>();
        for (int i : sample(pictures.size(), ATTENTION_IMAGES)) {
            Hypothesis caption = captions.get(i);
            List<String> words = new ArrayList<>(model.words(caption));
            words.add("</s>");
            double[][] alpha = model.attention(model.loader().toArray(pictures.get(i)), caption);
            examples.add(new CaptionCharts.Attended(pictures.get(i), words, alpha));
        }
        CaptionCharts.attentionMaps(report.chartPath("attention.png"), examples, (int) grid.height(), (int) grid.width());
        report.section("Where the decoder looked").image("attention.png", "Soft attention over the CNN's "
                + grid.height() + " x " + grid.width() + " grid for each generated word (dark: little attention; red box: "
                + "the most attended region)");
    }
}
