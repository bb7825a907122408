package org.seqlab.translation;

import java.io.IOException;
import java.nio.file.Path;
import org.seqlab.common.app.ParallelPredictions;
import org.seqlab.common.app.TaskModel;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.cli.PredictLinesCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seqlab translate translate}: one JSON line per input line with its translation. */
@Command(name = "translate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Translate the arguments, or standard input one sentence a line, into JSON lines "
                + "{\"source\", \"translation\", \"score\"} (with \"nbest\" for --nbest K; \"truncated\": true when an input "
                + "was cut to the model's maximum length; \"unknown\": characters the model never saw). An empty line is "
                + "answered with {\"error\": ...} so that outputs stay aligned with inputs.")
public final class TranslateCommand extends PredictLinesCommand<String, Translation> {
    @Option(names = "--beam", paramLabel = "K", description = "Beam width. Default: ${DEFAULT-VALUE}.")
    int beam = Decoding.DEFAULT.beam();

    @Option(names = "--greedy", description = "Take the most probable subword at every step instead of a beam search.")
    boolean greedy;

    @Option(names = "--nbest", paramLabel = "K", description = "Return the K best translations (at most --beam). Default: ${DEFAULT-VALUE}.")
    int nBest = 1;

    @Option(names = "--length-penalty", paramLabel = "ALPHA",
            description = "Rank hypotheses by log-probability / length^ALPHA (0 favours short ones). Default: ${DEFAULT-VALUE}.")
    double lengthAlpha = Decoding.DEFAULT.lengthAlpha();

    @Option(names = "--block-ngram-repeat", paramLabel = "N",
            description = "Never repeat an N-gram of subwords within a translation (OpenNMT's option; 0 = off). "
                    + "Default: ${DEFAULT-VALUE}.")
    int blockRepeat = Decoding.DEFAULT_BLOCK_REPEAT;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads decoding parts of a batch at once (up to 32 sentences a part, stepped together), "
                    + "each with its own copy of the network. "
                    + "Default: one per core (${DEFAULT-VALUE} here).")
    int threads = ParallelPredictions.defaultWorkers();

    public TranslateCommand() {
        super(Path.of("models", "translation"));
    }

    private Decoding decoding() {
        return new Decoding(greedy ? 1 : beam, greedy, nBest, lengthAlpha, greedy ? 0 : blockRepeat);
    }

    @Override
    protected void validate() {
        decoding();
    }

    @Override
    protected TaskModel<String, Translation> open(Path bundle) throws IOException {
        return TranslationModel.load(ModelBundle.load(bundle, TranslationModel.TASK)).with(decoding()).withWorkers(threads);
    }
}
