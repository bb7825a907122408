package org.seqlab.common.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seqlab.common.app.TaskModel;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.Json;

/** The prediction base: answers in input order, batches sorted by length, per-line errors. */
class PredictLinesBatchingTest {
    /** Answers a word count; refuses lines that start with '!'; records the batches it was given. */
    static final class CountWords implements TaskModel<String, Integer> {
        final List<List<String>> batches = new ArrayList<>();

        @Override
        public String task() {
            return "count";
        }

        @Override
        public String parse(String line) {
            if (line.startsWith("!")) {
                throw new BadInputException("cannot read '" + line + "'");
            }
            return line;
        }

        @Override
        public int length(String input) {
            return input.split(" ").length;
        }

        @Override
        public List<Integer> predict(List<String> inputs) {
            batches.add(inputs);
            return inputs.stream().map(this::length).toList();
        }

        @Override
        public Map<String, Object> render(String input, Integer output) {
            return Map.of("words", output);
        }

        @Override
        public List<String> exampleLines() {
            return List.of("one two");
        }

        @Override
        public void addTo(ModelBundle.Writer bundle) {
            throw new UnsupportedOperationException("not saved in this test");
        }
    }

    static final class Command extends PredictLinesCommand<String, Integer> {
        final CountWords model = new CountWords();

        Command() {
            super(Path.of("unused"));
        }

        @Override
        protected TaskModel<String, Integer> open(Path bundle) {
            return model;
        }
    }

    @Test
    void answersKeepInputOrderWhileBatchesAreSortedByLength() throws Exception {
        Command command = new Command();
        command.batch = 2;
        List<PredictLinesCommand.Line> lines = List.of("a b c d", "a", "", "!bad", "a b", "a b c")
                .stream().map(PredictLinesCommand.Line::of).toList();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        command.answer(command.model, lines, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<JsonNode> out = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).strip().split("\n")) {
            out.add(Json.MAPPER.readTree(line));
        }
        assertEquals(6, out.size());
        assertEquals(4, out.get(0).get("words").asInt());
        assertEquals("a b c d", out.get(0).get("input").asText());
        assertEquals(1, out.get(1).get("words").asInt());
        assertEquals("empty input", out.get(2).get("error").asText());
        assertTrue(out.get(3).get("error").asText().contains("cannot read"));
        assertEquals(2, out.get(4).get("words").asInt());
        assertEquals(3, out.get(5).get("words").asInt());
        assertEquals(List.of(List.of("a", "a b"), List.of("a b c", "a b c d")), command.model.batches);
    }
}
