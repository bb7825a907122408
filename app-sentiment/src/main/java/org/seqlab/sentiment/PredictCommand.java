package org.seqlab.sentiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seqlab sentiment predict}: one JSON object per input text. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classify texts given as arguments, or one text per line on standard input.",
                "Writes one JSON object per text: {\"text\", \"label\", \"probabilities\"}; an empty line gives "
                        + "{\"text\":\"\",\"error\":\"empty text\"} so outputs stay aligned with inputs; a text "
                        + "longer than the model's maximum length is cut and flagged \"truncated\": true."})
public final class PredictCommand implements Callable<Integer> {
    /**
     * Standard input is classified in chunks of up to this many lines, or fewer when no more input is
     * waiting (so typed lines are answered at once): a large chunk lets prediction group texts of similar
     * lengths into batches.
     */
    static final int CHUNK = 1024;

    @Option(names = "--model", paramLabel = "DIR", description = "The model bundle (folder or zip). Default: ${DEFAULT-VALUE}.")
    Path model = Path.of("models", "sentiment");

    @Parameters(paramLabel = "TEXT", arity = "0..*",
            description = "Texts to classify; none (or '-') reads standard input, one text per line.")
    List<String> texts = List.of();

    @Override
    public Integer call() throws Exception {
        SentimentClassifier classifier = SentimentClassifier.load(model);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        boolean[] warned = {false};
        if (!texts.isEmpty() && !texts.equals(List.of("-"))) {
            emit(classifier, texts, out, warned);
        } else {
            int lines = 0;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8
                    .newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
                List<String> batch = new ArrayList<>();
                for (String line; (line = readLine(in, lines + 1)) != null; ) {
                    lines++;
                    batch.add(line);
                    if (batch.size() == CHUNK || !in.ready()) {
                        emit(classifier, batch, out, warned);
                        out.flush();
                        batch.clear();
                    }
                }
                emit(classifier, batch, out, warned);
            }
            if (lines == 0) {
                throw new BadInputException("no input: give texts as arguments or one per line on standard input");
            }
        }
        out.flush();
        return 0;
    }

    private static String readLine(BufferedReader in, int lineNumber) throws IOException {
        try {
            return in.readLine();
        } catch (CharacterCodingException e) {
            throw new BadInputException("standard input line " + lineNumber + " is not UTF-8 text");
        }
    }

    private static void emit(SentimentClassifier classifier, List<String> batch, PrintStream out, boolean[] warned) {
        List<String> nonEmpty = batch.stream().filter(t -> !t.isBlank()).toList();
        List<SentimentClassifier.Prediction> predictions = classifier.predict(nonEmpty);
        int next = 0;
        for (String text : batch) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("text", text.length() > 200 ? text.substring(0, 200) + "…" : text);
            if (text.isBlank()) {
                line.put("error", "empty text");
            } else {
                SentimentClassifier.Prediction p = predictions.get(next++);
                line.put("label", p.label());
                Map<String, Double> probabilities = new LinkedHashMap<>();
                for (int c = 0; c < p.probabilities().length; c++) {
                    probabilities.put(classifier.labels().get(c), Math.round(p.probabilities()[c] * 1e6) / 1e6);
                }
                line.put("probabilities", probabilities);
                if (p.truncated()) {
                    line.put("truncated", true);
                    if (!warned[0]) {
                        System.err.println("sentiment predict: warning: texts longer than "
                                + classifier.settings().maxLength() + " tokens are cut to that length (marked \"truncated\")");
                        warned[0] = true;
                    }
                }
            }
            out.println(Json.line(line));
        }
    }
}
