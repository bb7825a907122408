package org.seqlab.translation;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqlab.common.io.Json;
import org.seqlab.common.report.Charts;
import org.seqlab.common.report.Report;
import org.seqlab.common.report.ReportSections;
import org.seqlab.common.text.BytePairEncoding;
import org.seqlab.datasets.TextPair;

/** The report sections of a translation model's evaluation on held-out pairs, shared by train and eval. */
final class TranslationReport {
    static final int EXAMPLES = 10;
    static final int HEAT_MAPS = 4;
    /** Every test pair with its translations, one JSON object a line, beside the report. */
    static final String TRANSLATIONS_FILE = "translations.jsonl";

    private TranslationReport() {
    }

    /**
     * Scores the model on the pairs with greedy decoding and with its beam, shows both, 10 examples and 4
     * attention heat maps; returns the flat metrics (the beam's under the plain names, greedy's prefixed).
     */
    static Map<String, Object> evaluate(Report report, TranslationModel model, List<TextPair> test, String what)
            throws IOException {
        TestScores greedy = TestScores.of(model.with(Decoding.GREEDY), test);
        TestScores beam = model.decoding().greedy() ? greedy : TestScores.of(model, test);
        Map<String, Object> flat = new LinkedHashMap<>();
        Map<String, Double> beamScores = beam.scores().flat();
        beamScores.forEach((k, v) -> flat.put(k, v));
        flat.put("decode_sentences_per_second", beam.sentencesPerSecond());
        greedy.scores().flat().forEach((k, v) -> flat.put("greedy_" + k, v));
        flat.put("greedy_decode_sentences_per_second", greedy.sentencesPerSecond());
        flat.put("beam", model.decoding().greedy() ? 1 : model.decoding().beam());
        Map<String, Object> tiles = new LinkedHashMap<>();
        tiles.put("bleu_lowercase (" + beam.decoding().describe() + ")", beamScores.get("bleu_lowercase"));
        tiles.put("bleu (" + beam.decoding().describe() + ")", beamScores.get("bleu"));
        tiles.put("chrF", beamScores.get("chrf"));
        tiles.put("bleu_lowercase (greedy)", greedy.scores().bleuLowercase().bleu());
        tiles.put("sentences/s (" + beam.decoding().describe() + ")", beam.sentencesPerSecond());
        report.section("Test scores").paragraph(test.size() + " held-out pairs of " + what + ". BLEU is corpus BLEU "
                + "(sacreBLEU's rules, exponential smoothing) on tokens \\w+|[^\\w\\s]; bleu_lowercase lower-cases both "
                + "sides first; chrF is sacreBLEU's chrF2 on the untokenised text. Decoding translates up to 32 sentences "
                + "at once, each as it would be translated alone.").tiles(tiles);
        report.metrics(flat);
        List<List<?>> rows = new ArrayList<>();
        for (TestScores s : beam == greedy ? List.of(greedy) : List.of(greedy, beam)) {
            rows.add(List.of(s.decoding().describe(), s.scores().bleu().bleu(), s.scores().bleuLowercase().bleu(),
                    s.scores().chrf(), s.scores().bleu().brevityPenalty(), s.sentencesPerSecond()));
        }
        report.table(List.of("decoding", "bleu", "bleu_lowercase", "chrF", "brevity penalty", "sentences/s"), rows);
        examples(report, test, beam);
        writeTranslations(report, test, greedy, beam);
        heatMaps(report, model, test, beam);
        return flat;
    }

    /** All test translations, for reading beyond the examples or scoring with other tools. */
    private static void writeTranslations(Report report, List<TextPair> test, TestScores greedy, TestScores beam)
            throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < test.size(); i++) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("source", test.get(i).source());
            row.put("reference", test.get(i).target());
            row.put("greedy", greedy.translations().get(i));
            if (beam != greedy) {
                row.put("beam", beam.translations().get(i));
            }
            lines.append(Json.line(row)).append('\n');
        }
        Files.writeString(report.chartPath(TRANSLATIONS_FILE), lines);
        report.paragraph("Every test pair with its translations: ", TRANSLATIONS_FILE, " (one JSON object a line: "
                + "source, reference, greedy" + (beam != greedy ? ", beam" : "") + ").");
    }

    /** The first 10 test pairs beside the model's translations. */
    private static void examples(Report report, List<TextPair> test, TestScores beam) {
        List<List<?>> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(EXAMPLES, test.size()); i++) {
            rows.add(List.of(test.get(i).source(), test.get(i).target(), beam.translations().get(i)));
        }
        ReportSections.examples(report, "Example translations (" + beam.decoding().describe() + ")",
                List.of("source", "reference", "translation"), rows);
    }

    /** Attention of 4 test translations of moderate length, source subwords across, target subwords down. */
    private static void heatMaps(Report report, TranslationModel model, List<TextPair> test, TestScores beam)
            throws IOException {
        if (model.settings().attention() == Attention.NONE) {
            return;
        }
        report.section("Attention");
        report.paragraph("Where the decoder looked while writing each subword of its translation (rows) over the "
                + "source subwords (columns); " + BytePairEncoding.SPACE + " marks the start of a word.");
        int drawn = 0;
        for (int i = 0; i < test.size() && drawn < HEAT_MAPS; i++) {
            String translation = beam.translations().get(i);
            int sourceLength = model.sourceCodec().symbols(test.get(i).source()).size();
            if (translation.isEmpty() || sourceLength < 4 || sourceLength > 24) {
                continue;
            }
            TranslationModel.AttentionMap map = model.attention(test.get(i).source(), translation);
            if (map.targetSymbols().size() > 30) {
                continue;
            }
            drawn++;
            String file = "attention-" + drawn + ".png";
            Charts.heatMap(report.chartPath(file), "Attention, example " + drawn, "source", "translation",
                    map.sourceSymbols(), map.targetSymbols(), map.weights(), null);
            report.image(file, test.get(i).source() + " \u2192 " + translation);
        }
    }
}
