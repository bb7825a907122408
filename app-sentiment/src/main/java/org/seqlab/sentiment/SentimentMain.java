package org.seqlab.sentiment;

import org.seqlab.common.cli.Cli;
import picocli.CommandLine.Command;

/** {@code seqlab sentiment}: many-to-one text classification. */
@Command(name = "sentiment", mixinStandardHelpOptions = true, version = "SeqLab 0.1.0",
        description = "Many-to-one sentiment and text classification with recurrent networks.",
        subcommands = {TrainCommand.class, EvalCommand.class, PredictCommand.class, BenchCommand.class})
public final class SentimentMain implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        Cli.main(new SentimentMain(), args);
    }
}
