package org.seqlab.sentiment;

import java.io.IOException;
import java.nio.file.Path;
import org.seqlab.common.app.TaskModel;
import org.seqlab.common.cli.PredictLinesCommand;
import picocli.CommandLine.Command;

/** {@code seqlab sentiment predict}: one JSON object per input text. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classify texts given as arguments, or one text per line on standard input.",
                "Writes one JSON object per text: {\"text\", \"label\", \"probabilities\"}; an empty line gives "
                        + "{\"text\":\"\",\"error\":\"empty input\"} so outputs stay aligned with inputs; a text "
                        + "longer than the model's maximum length is cut and flagged \"truncated\": true."})
public final class PredictCommand extends PredictLinesCommand<SentimentClassifier.Encoded, SentimentClassifier.Prediction> {
    public PredictCommand() {
        super(Path.of("models", "sentiment"));
    }

    @Override
    protected TaskModel<SentimentClassifier.Encoded, SentimentClassifier.Prediction> open(Path bundle) throws IOException {
        return SentimentClassifier.load(bundle);
    }
}
