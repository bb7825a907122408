package org.seqlab.tagger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.seqlab.common.app.TaskModel;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.cli.PredictLinesCommand;
import org.seqlab.common.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seqlab tagger tag}: tags sentences given as arguments or one per line of standard input. */
@Command(name = "tag", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Tag sentences given as arguments, or one sentence per line on standard input.",
                "Writes one JSON object per sentence: {\"text\", \"tokens\": [{\"token\", \"tag\", \"p\"}, ...]} where "
                        + "p is the probability of the chosen tag; a line that cannot be tagged gives {\"text\", "
                        + "\"error\"} so outputs stay aligned with inputs. With --format conll: one 'token<TAB>tag<TAB>p' "
                        + "line per token and a blank line after each sentence ('# error: ...' for a line that failed)."})
public final class TagCommand extends PredictLinesCommand<List<String>, Tagging> {
    enum Format {
        JSON, CONLL;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Option(names = "--pretokenized", description = "Input tokens are separated by whitespace; do not tokenise. "
            + "Default: ${DEFAULT-VALUE} (the model's own tokenizer splits each line).")
    boolean pretokenized;

    @Option(names = "--format", paramLabel = "json|conll", description = "Output format. Default: ${DEFAULT-VALUE}.")
    Format format = Format.JSON;

    static final String DECODE_HELP = "How a CRF tagger chooses tags: posterior = each token's tag of highest marginal "
            + "probability (the most tokens right), viterbi = the best tag sequence as a whole (never a transition the "
            + "CRF ruled out, such as O then I-PER), auto = viterbi for BIO tags, posterior otherwise. p is the chosen "
            + "tag's marginal either way; a softmax tagger (--no-crf) has posterior only. Default: ${DEFAULT-VALUE}.";

    @Option(names = "--decode", paramLabel = "auto|posterior|viterbi", description = DECODE_HELP)
    TaggerModel.Decoding decode = TaggerModel.Decoding.AUTO;

    public TagCommand() {
        super(Path.of("models", "tagger"));
    }

    @Override
    protected TaskModel<List<String>, Tagging> open(Path bundle) throws IOException {
        return TaggerModel.load(ModelBundle.load(bundle, TaggerModel.TASK), pretokenized).decoding(decode);
    }

    @Override
    public Integer call() throws Exception {
        if (format == Format.JSON) {
            return super.call();
        }
        PrintStream original = System.out;
        try (PrintStream conll = new PrintStream(new ConllLines(original), false, StandardCharsets.UTF_8)) {
            System.setOut(conll);
            return super.call();
        } finally {
            System.setOut(original);
        }
    }

    /** Rewrites the JSON answer lines the base command prints as CoNLL lines, one answer at a time. */
    static final class ConllLines extends OutputStream {
        private final PrintStream target;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        ConllLines(PrintStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            if (b != '\n') {
                line.write(b);
                return;
            }
            String json = line.toString(StandardCharsets.UTF_8);
            line.reset();
            byte[] bytes = conll(json).getBytes(StandardCharsets.UTF_8);
            target.write(bytes, 0, bytes.length);
        }

        @SuppressWarnings("unchecked")
        static String conll(String jsonLine) {
            Map<String, Object> answer;
            try {
                answer = Json.MAPPER.readValue(jsonLine, Map.class);
            } catch (IOException e) {
                throw new IllegalStateException("not a JSON answer: " + jsonLine, e);
            }
            StringBuilder out = new StringBuilder();
            Object error = answer.get("error");
            if (error != null) {
                out.append("# error: ").append(error).append('\n');
            } else {
                for (Map<String, Object> token : (List<Map<String, Object>>) answer.get("tokens")) {
                    out.append(token.get("token")).append('\t').append(token.get("tag")).append('\t')
                            .append(token.get("p")).append('\n');
                }
            }
            return out.append('\n').toString();
        }

        @Override
        public void flush() {
            target.flush();
        }
    }
}
