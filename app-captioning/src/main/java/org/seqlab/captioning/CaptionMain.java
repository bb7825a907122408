package org.seqlab.captioning;

import org.seqlab.common.cli.Cli;
import org.seqlab.common.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code seqlab caption}: image captioning with a CNN encoder and a recurrent decoder. */
@Command(name = "caption", mixinStandardHelpOptions = true, version = "SeqLab 0.1.0",
        description = "Image captioning: a CNN encoder and an LSTM/GRU decoder (Show and Tell), optionally with soft "
                + "attention over image regions (Show, Attend and Tell).",
        subcommands = {TrainCommand.class, EvalCommand.class, DescribeCommand.class})
public final class CaptionMain extends CommandGroup {
    public static void main(String[] args) {
        Cli.main(new CaptionMain(), args);
    }
}
