package org.seqlab.textgen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.seqlab.common.app.TaskModel;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.cli.PredictLinesCommand;
import org.seqlab.common.error.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seqlab textgen sample}: continues primes, streaming the text as it is drawn. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Generate text from a trained model, continuing each prime (from --prime, the arguments, or one "
                + "per line of standard input; with none at a terminal, one sample from the start of a line).",
                "Without --json the prime and its continuation are written as plain text, character by character as "
                        + "they are drawn, a blank line between samples; with --json one JSON object per prime: "
                        + "{\"prime\", \"text\", \"tokens\", \"seconds\"}."})
public final class SampleCommand extends PredictLinesCommand<String, TextGenModel.Sample> {
    @Option(names = "--prime", paramLabel = "TEXT",
            description = "Text to continue (repeatable); given before any arguments.")
    List<String> primes = new ArrayList<>();

    @Option(names = "--length", paramLabel = "N", description = "Characters (words) to generate. Default: ${DEFAULT-VALUE}.")
    int length = 500;

    @Option(names = "--temperature", paramLabel = "T",
            description = "Below 1 safer and more repetitive, above 1 more surprising; 0 always takes the most "
                    + "probable character (greedy). Default: ${DEFAULT-VALUE}.")
    double temperature = 0.8;

    @Option(names = "--top-k", paramLabel = "K",
            description = "Draw only among the K most probable characters (0 = all). Default: ${DEFAULT-VALUE}.")
    int topK = 0;

    @Option(names = "--top-p", paramLabel = "P",
            description = "Nucleus sampling: draw only among the most probable characters that together hold at "
                    + "least P of the probability (1 = all). Default: ${DEFAULT-VALUE}.")
    double topP = 1.0;

    @Option(names = "--seed", paramLabel = "N",
            description = "Random seed: the same seed, prime and model give the same text. Default: a new one each run.")
    Long seed;

    @Option(names = "--json", description = "One JSON object per prime instead of streamed plain text.")
    boolean json;

    public SampleCommand() {
        super(Path.of("models", "textgen"));
    }

    Sampling sampling() {
        return new Sampling(length, temperature, topK, topP, seed != null ? seed : System.nanoTime());
    }

    @Override
    protected void validate() {
        sampling();
    }

    @Override
    protected TaskModel<String, TextGenModel.Sample> open(Path bundle) throws IOException {
        return TextGenModel.load(ModelBundle.load(bundle, TextGenModel.TASK)).with(sampling());
    }

    @Override
    public Integer call() throws Exception {
        List<String> given = new ArrayList<>(primes);
        if (!inputs.equals(List.of("-"))) {
            given.addAll(inputs);
        }
        if (json) {
            if (!given.isEmpty()) {
                inputs = given;
            }
            return super.call();
        }
        validate();
        TextGenModel model = (TextGenModel) open(this.model);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        if (given.isEmpty() && (System.console() == null || inputs.equals(List.of("-")))) {
            int lines = 0;
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)))) {
                for (String line; (line = readLine(in, lines + 1)) != null; ) {
                    stream(model, line, lines++ > 0, out);
                }
            }
            if (lines == 0) {
                stream(model, "", false, out);
            }
        } else {
            for (int i = 0; i < Math.max(1, given.size()); i++) {
                stream(model, given.isEmpty() ? "" : given.get(i), i > 0, out);
            }
        }
        out.flush();
        return 0;
    }

    private static void stream(TextGenModel model, String prime, boolean separate, PrintStream out) {
        if (separate) {
            out.print("\n");
        }
        out.print(prime.replace("\u0000", ""));
        out.flush();
        model.generate(prime.replace("\u0000", ""), piece -> {
            out.print(piece);
            out.flush();
        });
        out.println();
        out.flush();
    }

    private static String readLine(BufferedReader in, int number) throws IOException {
        try {
            return in.readLine();
        } catch (CharacterCodingException e) {
            throw new BadInputException("standard input line " + number + " is not UTF-8 text");
        }
    }
}
