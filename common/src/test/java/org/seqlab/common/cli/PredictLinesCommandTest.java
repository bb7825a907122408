package org.seqlab.common.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.seqlab.common.app.TaskModel;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.testing.CommandRun;
import picocli.CommandLine.Command;

/** Standard input at its edges: byte-order marks, invalid UTF-8, NUL lines, long lines, unreadable input. */
class PredictLinesCommandTest {
    /** Answers each text with its length and whether it starts with a letter, so a stray BOM would show. */
    static final class Lengths implements TaskModel<String, Integer> {
        @Override
        public String task() {
            return "lengths";
        }

        @Override
        public String inputName() {
            return "text";
        }

        @Override
        public String parse(String line) {
            return line;
        }

        @Override
        public int length(String input) {
            return input.length();
        }

        @Override
        public List<Integer> predict(List<String> inputs) {
            return inputs.stream().map(String::length).toList();
        }

        @Override
        public Map<String, Object> render(String input, Integer output) {
            return Map.of("length", output, "letter_first", Character.isLetter(input.charAt(0)));
        }

        @Override
        public List<String> exampleLines() {
            return List.of("great phone");
        }

        @Override
        public void addTo(ModelBundle.Writer bundle) {
            throw new UnsupportedOperationException("not saved");
        }
    }

    @Command(name = "predict")
    static final class Predict extends PredictLinesCommand<String, Integer> {
        Predict() {
            super(Path.of("unused"));
        }

        @Override
        protected TaskModel<String, Integer> open(Path bundle) {
            return new Lengths();
        }
    }

    static CommandRun run(byte[] stdin) {
        return CommandRun.withInput(new Predict(), stdin);
    }

    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof byte[] b ? b : part.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void aByteOrderMarkIsNotPartOfTheFirstInput() {
        List<JsonNode> withBom = run(bytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "great phone\r\nok\n")).json();
        List<JsonNode> without = run(bytes("great phone\nok\n")).json();
        assertEquals(without, withBom);
        assertEquals("great phone", withBom.get(0).path("text").asText());
        assertTrue(withBom.get(0).path("letter_first").asBoolean());
        assertEquals(11, withBom.get(0).path("length").asInt());
    }

    @Test
    void invalidUtf8IsReportedOnItsOwnLineAndTheRestIsAnswered() {
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xE9};
        List<JsonNode> answers = run(bytes("one\ntwo\n", latin1, "\nfour\n")).json();
        assertEquals(4, answers.size(), "one answer per line");
        assertEquals("line 3 is not UTF-8 text", answers.get(2).path("error").asText());
        assertEquals(4, answers.get(3).path("length").asInt());

        // far past the first chunk of lines read together
        StringBuilder many = new StringBuilder();
        for (int i = 1; i < 5000; i++) {
            many.append("line ").append(i).append('\n');
        }
        List<JsonNode> long5000 = run(bytes(many, latin1, "\n")).json();
        assertEquals(5000, long5000.size());
        assertEquals("line 5000 is not UTF-8 text", long5000.get(4999).path("error").asText());
        assertFalse(long5000.get(4998).has("error"));
    }

    @Test
    void linesOfNothingButNulsOrBlanksAreEmptyInputs() {
        List<JsonNode> answers = run(bytes("\u0000\u0000\u0000\n   \ngreat\n")).json();
        assertEquals("empty input", answers.get(0).path("error").asText());
        assertEquals("empty input", answers.get(1).path("error").asText());
        assertEquals(5, answers.get(2).path("length").asInt());
    }

    @Test
    void aLineTooLongToHoldIsAnsweredWithAnErrorAndTheNextOneStill() {
        byte[] huge = new byte[PredictLinesCommand.MAX_LINE_BYTES + 10];
        java.util.Arrays.fill(huge, (byte) 'a');
        List<JsonNode> answers = run(bytes(huge, "\nshort\n")).json();
        assertEquals(2, answers.size());
        assertTrue(answers.get(0).path("error").asText().startsWith("line 1 is longer than"));
        assertEquals(5, answers.get(1).path("length").asInt());
    }

    @Test
    void standardInputThatIsAFolderOrEmptyIsBadInput() {
        InputStream folder = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Is a directory");
            }

            @Override
            public int available() {
                return Integer.MAX_VALUE;
            }
        };
        CommandRun r = CommandRun.withStream(new Predict(), folder);
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("cannot read standard input (Is a directory)"), r.err());
        assertEquals(1, r.err().strip().lines().count());

        CommandRun empty = run(new byte[0]);
        assertEquals(ExitCodes.BAD_INPUT, empty.code());
        assertTrue(empty.err().contains("no input"));
    }
}
