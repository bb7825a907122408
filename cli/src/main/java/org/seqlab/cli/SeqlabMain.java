package org.seqlab.cli;

import org.seqlab.bench.BenchCommand;
import org.seqlab.captioning.CaptionMain;
import org.seqlab.common.cli.CommandGroup;
import org.seqlab.common.cli.Cli;
import org.seqlab.common.diag.GradientsCommand;
import org.seqlab.datasets.DataCommand;
import org.seqlab.sentiment.SentimentMain;
import org.seqlab.tagger.TaggerMain;
import org.seqlab.textgen.TextgenMain;
import org.seqlab.translation.TranslationMain;
import picocli.CommandLine.Command;

/** {@code seqlab}: the umbrella command; each app also ships its own jar with the same subcommands. */
@Command(name = "seqlab", mixinStandardHelpOptions = true, version = "SeqLab 0.1.0",
        description = "Recurrent-network NLP on the JVM: datasets, embeddings, and one app per classic RNN task.",
        subcommands = {DataCommand.class, SentimentMain.class, TranslationMain.class, CaptionMain.class,
                TextgenMain.class, TaggerMain.class, EmbedCommand.class, GradientsCommand.class, BenchCommand.class,
                DemoCommand.class})
public final class SeqlabMain extends CommandGroup {
    public static void main(String[] args) {
        Cli.main(new SeqlabMain(), args);
    }
}
