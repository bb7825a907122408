package org.seqlab.textgen;

import org.seqlab.common.cli.Cli;
import org.seqlab.common.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code seqlab textgen}: character-level (and word-level) language models and sampling. */
@Command(name = "textgen", mixinStandardHelpOptions = true, version = "SeqLab 0.1.0",
        description = "Character-level (and word-level) language models: train a char-rnn on any text, score text "
                + "with it, and sample new text.",
        subcommands = {TrainCommand.class, EvalCommand.class, SampleCommand.class})
public final class TextgenMain extends CommandGroup {
    public static void main(String[] args) {
        Cli.main(new TextgenMain(), args);
    }
}
