package org.seqlab.common.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.seqlab.common.app.TaskModel;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.Json;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The base of every prediction command ({@code predict}, {@code translate}, {@code describe}, {@code tag},
 * {@code sample}): inputs from the arguments or one per line of standard input, one JSON object per input
 * line in the same order. A line that cannot be used (empty, not UTF-8, an unreadable image...) is answered
 * with {@code {"error": ...}} so that outputs stay aligned with inputs, and the run goes on. Standard input is
 * read in chunks of whatever is waiting (so a person typing sees each answer at once); a chunk is sorted by
 * input length and cut into batches, so that a batch pads little.
 *
 * @param <I> the model's parsed input
 * @param <O> the model's answer
 */
public abstract class PredictLinesCommand<I, O> implements Callable<Integer> {
    /** Lines read from standard input before answering, unless fewer are waiting. */
    static final int CHUNK = 1024;
    /** A longer line is answered with an error instead of being read into memory whole. */
    static final int MAX_LINE_BYTES = 1 << 20;
    /** How much of an input line is echoed in its answer. */
    static final int ECHO_CHARS = 200;

    @Option(names = "--model", paramLabel = "DIR", order = -10,
            description = "The model bundle (folder or zip). Default: ${DEFAULT-VALUE}.")
    protected Path model;

    @Option(names = "--batch", paramLabel = "N", order = -9,
            description = "Inputs predicted together (sorted by length first). Default: ${DEFAULT-VALUE}.")
    protected int batch = 64;

    @Parameters(paramLabel = "INPUT", arity = "0..*",
            description = "Inputs; none (or '-') reads standard input, one per line.")
    protected List<String> inputs = List.of();

    private boolean warnedTruncated;

    protected PredictLinesCommand(Path defaultModel) {
        this.model = defaultModel;
    }

    /** Loads the model from {@code bundle}, set up with this command's own options. */
    protected abstract TaskModel<I, O> open(Path bundle) throws IOException;

    /** Checks this command's own options before the model is loaded; throws {@link BadInputException}. */
    protected void validate() {
    }

    @Override
    public Integer call() throws Exception {
        if (batch < 1 || batch > 65_536) {
            throw new BadInputException("--batch must be between 1 and 65536, got " + batch);
        }
        validate();
        TaskModel<I, O> taskModel = open(model);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        if (!inputs.isEmpty() && !inputs.equals(List.of("-"))) {
            answer(taskModel, inputs.stream().map(Line::of).toList(), out);
        } else {
            int lines = 0;
            LineReader reader = new LineReader(System.in);
            List<Line> chunk = new ArrayList<>();
            for (Line line; (line = reader.next()) != null; ) {
                lines++;
                chunk.add(line);
                if (chunk.size() == CHUNK || !reader.ready()) {
                    answer(taskModel, chunk, out);
                    chunk.clear();
                }
            }
            answer(taskModel, chunk, out);
            if (lines == 0) {
                throw new BadInputException("no input: give inputs as arguments or one per line on standard input");
            }
        }
        out.flush();
        return 0;
    }

    /** Answers one chunk of lines, in order. */
    void answer(TaskModel<I, O> taskModel, List<Line> lines, PrintStream out) {
        List<Map<String, Object>> answers = new ArrayList<>(lines.size());
        List<Integer> usable = new ArrayList<>();
        List<I> parsed = new ArrayList<>();
        for (Line line : lines) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put(taskModel.inputName(), echo(line.text()));
            answers.add(answer);
            if (line.error() != null) {
                answer.put("error", line.error());
                continue;
            }
            try {
                parsed.add(taskModel.parse(line.text()));
                usable.add(answers.size() - 1);
            } catch (BadInputException e) {
                answer.put("error", Cli.oneLine(e.getMessage()));
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(i -> taskModel.length(parsed.get(i))));
        for (int from = 0; from < order.size(); from += batch) {
            List<Integer> slice = order.subList(from, Math.min(order.size(), from + batch));
            List<O> outputs = taskModel.predict(slice.stream().map(parsed::get).toList());
            for (int k = 0; k < slice.size(); k++) {
                int i = slice.get(k);
                Map<String, Object> rendered = taskModel.render(parsed.get(i), outputs.get(k));
                answers.get(usable.get(i)).putAll(rendered);
                if (Boolean.TRUE.equals(rendered.get("truncated")) && !warnedTruncated) {
                    warnedTruncated = true;
                    System.err.println("warning: inputs longer than the model reads are cut to fit (marked \"truncated\")");
                }
            }
        }
        answers.forEach(a -> out.println(Json.line(a)));
        out.flush();
    }

    private static String echo(String text) {
        return text.length() > ECHO_CHARS ? text.substring(0, ECHO_CHARS) + "…" : text;
    }

    /** Standard input that cannot be read at all (a folder, say) is the user's to fix: one line, exit 2. */
    static BadInputException unreadable(IOException e) {
        return new BadInputException("cannot read standard input (" + e.getMessage() + "): give inputs as arguments, "
                + "or one per line from a file or a pipe");
    }

    /** One input line, or why it cannot be used. */
    record Line(String text, String error) {
        static Line of(String text) {
            String cleaned = text.replace("\u0000", "");
            return cleaned.isBlank() ? new Line(cleaned, "empty input") : new Line(text, null);
        }
    }

    /**
     * Reads standard input line by line as bytes and decodes each line on its own, so that a line that is not
     * UTF-8 is reported with its own number and the lines after it are still answered. A byte-order mark at the
     * start is dropped (it is not part of the first input).
     */
    static final class LineReader {
        private final InputStream in;
        private final byte[] buffer = new byte[64 * 1024];
        private int position;
        private int limit;
        private int number;
        private boolean eof;

        LineReader(InputStream in) {
            this.in = in;
        }

        /** Whether more input is waiting without blocking. */
        boolean ready() {
            try {
                return position < limit || (!eof && in.available() > 0);
            } catch (IOException e) {
                throw unreadable(e);
            }
        }

        Line next() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            boolean tooLong = false;
            boolean any = false;
            while (true) {
                if (position == limit) {
                    if (eof || !fill()) {
                        if (!any) {
                            return null;
                        }
                        break;
                    }
                }
                any = true;
                byte b = buffer[position++];
                if (b == '\n') {
                    break;
                }
                if (line.size() < MAX_LINE_BYTES) {
                    line.write(b);
                } else {
                    tooLong = true;
                }
            }
            number++;
            if (tooLong) {
                return new Line("", "line " + number + " is longer than " + (MAX_LINE_BYTES >> 20) + " MB");
            }
            byte[] bytes = line.toByteArray();
            int start = number == 1 && bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                    && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
            int end = bytes.length > start && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
            try {
                String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes, start, end - start)).toString();
                return Line.of(text);
            } catch (CharacterCodingException e) {
                return new Line("", "line " + number + " is not UTF-8 text");
            }
        }

        private boolean fill() {
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                throw unreadable(e);
            }
            if (n <= 0) {
                eof = true;
                return false;
            }
            position = 0;
            limit = n;
            return true;
        }
    }
}
