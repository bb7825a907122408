package org.seqlab.translation;

import org.seqlab.common.cli.Cli;
import org.seqlab.common.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code seqlab translate}: German <-> English (or any parallel text) with an encoder-decoder and attention. */
@Command(name = "translate", mixinStandardHelpOptions = true, version = "SeqLab 0.1.0",
        description = "Encoder-decoder translation with attention over byte-pair subwords (German <-> English by default).",
        subcommands = {TrainCommand.class, EvalCommand.class, TranslateCommand.class})
public final class TranslationMain extends CommandGroup {
    public static void main(String[] args) {
        Cli.main(new TranslationMain(), args);
    }
}
