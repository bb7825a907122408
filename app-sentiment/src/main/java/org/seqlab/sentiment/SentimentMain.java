package org.seqlab.sentiment;

import org.seqlab.common.cli.CommandGroup;
import org.seqlab.common.cli.Cli;
import picocli.CommandLine.Command;

/** {@code seqlab sentiment}: many-to-one text classification. */
@Command(name = "sentiment", mixinStandardHelpOptions = true, version = "SeqLab 0.1.0",
        description = "Many-to-one sentiment and text classification with recurrent networks.",
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class})
public final class SentimentMain extends CommandGroup {
    public static void main(String[] args) {
        Cli.main(new SentimentMain(), args);
    }
}
