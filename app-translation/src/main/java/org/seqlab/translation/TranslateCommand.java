package org.seqlab.translation;

import java.io.IOException;
import java.nio.file.Path;
import org.seqlab.common.app.ParallelPredictions;
import org.seqlab.common.app.TaskModel;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.cli.PredictLinesCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code seqlab translate translate}: one JSON line per input line with its translation. */
@Command(name = "translate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Translate the arguments, or standard input one sentence a line, into JSON lines "
                + "{\"source\", \"translation\", \"score\"} (with \"nbest\" for --nbest K; \"truncated\": true when an input "
                + "was cut to the model's maximum length; \"unknown\": characters the model never saw). An empty line is "
                + "answered with {\"error\": ...} so that outputs stay aligned with inputs.")
public final class TranslateCommand extends PredictLinesCommand<String, Translation> {
    @Mixin
    SearchOptions search = new SearchOptions();

    @Option(names = "--greedy", description = "Take the most probable subword at every step instead of a beam search.")
    boolean greedy;

    @Option(names = "--nbest", paramLabel = "K", description = "Return the K best translations (at most --beam). Default: ${DEFAULT-VALUE}.")
    int nBest = 1;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads decoding parts of a batch at once (up to 32 sentences a part, stepped together), "
                    + "each with its own copy of the network. "
                    + "Default: one per core (${DEFAULT-VALUE} here).")
    int threads = ParallelPredictions.defaultWorkers();

    public TranslateCommand() {
        super(Path.of("models", "translation"));
    }

    private Decoding decoding() {
        return greedy ? new Decoding(1, true, nBest, search.lengthAlpha, 0, true) : search.beamSearch(nBest);
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
