package org.seqlab.common.cli;

import org.seqlab.common.error.BadInputException;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.seqlab.common.rnn.CellType;
import org.seqlab.common.rnn.RecurrentStack;
import picocli.CommandLine.Option;

/** Shape of the recurrent network, shared by every app that trains one. */
public class NetworkOptions {
    @Option(names = "--cell", paramLabel = "rnn|lstm|gru",
            description = "Recurrent cell: rnn (vanilla tanh), lstm or gru. Default: ${DEFAULT-VALUE}.")
    public CellType cell = CellType.LSTM;

    @Option(names = "--layers", paramLabel = "N", description = "Stacked recurrent layers. Default: ${DEFAULT-VALUE}.")
    public int layers = 1;

    @Option(names = "--hidden", paramLabel = "N", description = "Units per recurrent layer (per direction). Default: ${DEFAULT-VALUE}.")
    public int hidden = 128;

    @Option(names = "--bidirectional", negatable = true, fallbackValue = "true",
            description = "Read the sequence in both directions and concatenate the states. Default: ${DEFAULT-VALUE}.")
    public boolean bidirectional = false;

    @Option(names = "--dropout", paramLabel = "P",
            description = "Dropout probability between stacked layers and before the output layer (0 = none). "
                    + "Default: ${DEFAULT-VALUE}.")
    public double dropout = 0.0;

    @Option(names = "--embeddings", paramLabel = "random|word2vec|glove-100d|PATH",
            description = "Word embedding initialisation: random, word2vec (trained on the training text), "
                    + "glove-100d (the catalog's GloVe vectors) or a GloVe/word2vec text file. Default: ${DEFAULT-VALUE}.")
    public String embeddings = "random";

    @Option(names = "--embedding-dim", paramLabel = "N",
            description = "Embedding size when embeddings are random or trained here. Default: ${DEFAULT-VALUE}.")
    public int embeddingDim = 100;

    /** The recurrent stack these options describe (both directions concatenated when bidirectional). */
    public RecurrentStack.Spec spec() {
        return new RecurrentStack.Spec(cell, hidden, layers, dropout, bidirectional, Bidirectional.Mode.CONCAT);
    }

    public void validate() {
        require(layers >= 1 && layers <= 16, "--layers must be between 1 and 16, got " + layers);
        require(hidden >= 1 && hidden <= 8192, "--hidden must be between 1 and 8192, got " + hidden);
        require(dropout >= 0 && dropout < 1, "--dropout must be in [0, 1), got " + dropout);
        require(embeddingDim >= 1 && embeddingDim <= 4096, "--embedding-dim must be between 1 and 4096, got " + embeddingDim);
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new BadInputException(message);
        }
    }
}
