package org.seqlab.textgen;

import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.common.rnn.RecurrentStack;
import org.seqlab.common.rnn.SoftmaxOutput;
import org.seqlab.common.rnn.TrainingConfigs;

/**
 * The language model: characters one-hot (words through a learned embedding) → a stack of rnn/lstm/gru
 * layers → softmax over the vocabulary at every step, trained with truncated BPTT over {@code tbptt} steps.
 * Dropout, when set, drops inputs of layers 2..N and of the output layer, as in Karpathy's char-rnn.
 *
 * <p>Initialised as PyTorch initialises {@code nn.GRU}/{@code nn.LSTM} and {@code nn.Linear}: every weight and bias
 * of the recurrent and output layers uniform in ±1/sqrt(hidden) (DL4J's default is Xavier weights and zero biases).
 * Gradient clipping ({@code clipNorm}) is by one global norm of the per-token gradient
 * ({@link GlobalNormClipping}, attached by {@link CarriedStateModel}); a network fitted by DL4J alone (Spark
 * workers) gets DL4J's per-layer clipping instead.
 */
public final class TextGenNetwork {
    private TextGenNetwork() {
    }

    /** The network for {@link CarriedStateModel}, which clips the gradient's global norm itself. */
    public static MultiLayerNetwork build(TextGenSettings settings, int vocabulary) {
        return build(settings, vocabulary, true);
    }

    /**
     * @param globalClipping whether the caller clips the global norm ({@link CarriedStateModel}); false configures
     *                       DL4J's per-layer clipping, for networks that DL4J fits on its own
     */
    public static MultiLayerNetwork build(TextGenSettings settings, int vocabulary, boolean globalClipping) {
        NeuralNetConfiguration.Builder global = TrainingConfigs.builder(settings.training());
        if (globalClipping && clipNorm(settings) > 0) {
            global.gradientNormalization(GradientNormalization.None);
        }
        NeuralNetConfiguration.ListBuilder list = global.list();
        int index = 0;
        int nIn = vocabulary;
        if (settings.level() == Level.WORD) {
            list.layer(index++, new EmbeddingSequenceLayer.Builder().nIn(vocabulary).nOut(settings.embeddingDim())
                    .outputDataFormat(RNNFormat.NCW).build());
            nIn = settings.embeddingDim();
        }
        RecurrentStack.Spec spec = new RecurrentStack.Spec(settings.cell(), settings.hidden(), settings.layers(),
                settings.dropout(), false, Bidirectional.Mode.CONCAT);
        for (Layer layer : RecurrentStack.layers(spec, nIn)) {
            list.layer(index++, layer);
        }
        SoftmaxOutput output = SoftmaxOutput.sparse(settings.hidden(), vocabulary);
        if (settings.dropout() > 0) {
            // DL4J's Dropout takes the probability of keeping an activation
            output.setIDropout(new Dropout(1 - settings.dropout()));
        }
        list.layer(index, output);
        MultiLayerNetwork net = new MultiLayerNetwork(TrainingConfigs.apply(list, settings.training()).build());
        net.init();
        initLikePyTorch(net, settings.level() == Level.WORD ? 1 : 0, settings.hidden(), settings.training().seed());
        return net;
    }

    /** The global norm {@link CarriedStateModel} clips at: {@code --clip-norm}, or 0 when clipping by value. */
    public static double clipNorm(TextGenSettings settings) {
        return settings.training().clipValue() > 0 ? 0 : settings.training().clipNorm();
    }

    /** Every parameter of the layers from {@code firstLayer} on, uniform in ±1/sqrt(hidden), from {@code seed}. */
    static void initLikePyTorch(MultiLayerNetwork net, int firstLayer, int hidden, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double bound = 1 / Math.sqrt(hidden);
        for (int i = firstLayer; i < net.getnLayers(); i++) {
            for (INDArray param : net.getLayer(i).paramTable().values()) {
                float[] values = new float[(int) param.length()];
                for (int j = 0; j < values.length; j++) {
                    values[j] = (float) ((2 * random.nextDouble() - 1) * bound);
                }
                // i.i.d. values: the order in which they fill the parameter does not matter
                param.assign(Nd4j.create(values, param.shape(), param.ordering()));
            }
        }
    }
}
