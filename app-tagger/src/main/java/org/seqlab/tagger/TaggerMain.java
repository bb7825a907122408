package org.seqlab.tagger;

import org.seqlab.common.cli.Cli;
import org.seqlab.common.cli.CommandGroup;
import picocli.CommandLine.Command;

/** {@code seqlab tagger}: bidirectional sequence labelling (part of speech, BIO-tagged spans). */
@Command(name = "tagger", mixinStandardHelpOptions = true, version = "SeqLab 0.1.0",
        description = "Bidirectional recurrent sequence labelling: part-of-speech tags, named entities, chunks.",
        subcommands = {TrainCommand.class, EvalCommand.class, TagCommand.class})
public final class TaggerMain extends CommandGroup {
    public static void main(String[] args) {
        Cli.main(new TaggerMain(), args);
    }
}
