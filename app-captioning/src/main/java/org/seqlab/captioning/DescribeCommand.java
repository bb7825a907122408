package org.seqlab.captioning;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.seqlab.common.app.TaskModel;
import org.seqlab.common.bundle.ModelBundle;
import org.seqlab.common.cli.PredictLinesCommand;
import org.seqlab.common.decode.Hypothesis;
import org.seqlab.common.error.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code seqlab caption describe}: one JSON line per image path. */
@Command(name = "describe", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Caption images given as paths, or one path per line on standard input.",
                "Writes one JSON object per image: {\"image\", \"caption\", \"score\"} (score: the caption's "
                        + "log-probability), with \"nbest\" when --nbest > 1. A missing, unreadable, corrupt, "
                        + "unsupported or huge image gives {\"image\", \"error\"} for its line and the run goes on."})
public final class DescribeCommand extends PredictLinesCommand<CaptionModel.Image, List<Hypothesis>> {
    @Option(names = "--beam", paramLabel = "K", description = "Beam width (1 = greedy). Default: ${DEFAULT-VALUE}.")
    int beam = 3;

    @Option(names = "--nbest", paramLabel = "K", description = "Captions returned per image (at most --beam). "
            + "Default: ${DEFAULT-VALUE}.")
    int nBest = 1;

    @Option(names = "--length-alpha", paramLabel = "A",
            description = "Beam scores are divided by length^A (0 = raw log-probability). Default: ${DEFAULT-VALUE}.")
    double lengthAlpha = CaptionModel.DEFAULT_LENGTH_ALPHA;

    public DescribeCommand() {
        super(Path.of("models", "captioning"));
    }

    @Override
    protected void validate() {
        if (beam < 1 || beam > 64) {
            throw new BadInputException("--beam must be between 1 and 64, got " + beam);
        }
        if (nBest < 1 || nBest > beam) {
            throw new BadInputException("--nbest must be between 1 and --beam (" + beam + "), got " + nBest);
        }
        if (lengthAlpha < 0 || lengthAlpha > 5) {
            throw new BadInputException("--length-alpha must be between 0 and 5, got " + lengthAlpha);
        }
    }

    @Override
    protected TaskModel<CaptionModel.Image, List<Hypothesis>> open(Path bundle) throws IOException {
        return CaptionModel.load(ModelBundle.load(bundle, CaptionModel.TASK), beam, nBest, lengthAlpha);
    }
}
