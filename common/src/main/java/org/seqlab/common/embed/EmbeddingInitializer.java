package org.seqlab.common.embed;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.text.Vocabulary;

/**
 * Fills an embedding matrix for a {@link Vocabulary} from pretrained {@link WordVectors}. Row i is the
 * vector of token i, looked up as is and then in lower case (GloVe is lower case). The PAD row is zero;
 * every other row without a pretrained vector (specials, out-of-vocabulary words) is drawn from a normal
 * distribution with the pretrained vectors' own standard deviation, from a fixed seed, so OOV rows are
 * on the same scale and reproducible. Whether the layer is then frozen or fine-tuned is the app's choice.
 */
public final class EmbeddingInitializer {
    /**
     * @param weights  [vocabSize, dim]
     * @param found    vocabulary words (specials excluded) that had a pretrained vector
     * @param words    vocabulary words, specials excluded
     */
    public record Result(INDArray weights, int found, int words) {
        /** Share of the vocabulary's words with a pretrained vector, in [0, 1]. */
        public double coverage() {
            return words == 0 ? 0 : (double) found / words;
        }
    }

    private EmbeddingInitializer() {
    }

    /** The [vocab.size(), vectors.dim()] weight matrix and how much of the vocabulary it covers. */
    public static Result weights(Vocabulary vocab, WordVectors vectors, long seed) {
        int dim = vectors.dim();
        double std = standardDeviation(vectors);
        SplittableRandom random = new SplittableRandom(seed);
        float[] w = new float[vocab.size() * dim];
        int specials = Vocabulary.SPECIALS.size();
        int found = 0;
        for (int id = 0; id < vocab.size(); id++) {
            String token = vocab.token(id);
            String key = id < specials ? null : pretrainedKey(vectors, token);
            if (key != null) {
                System.arraycopy(vectors.vector(key), 0, w, id * dim, dim);
                found++;
            } else if (id != Vocabulary.PAD_ID) {
                for (int d = 0; d < dim; d++) {
                    w[id * dim + d] = (float) (random.nextGaussian() * std);
                }
            }
        }
        INDArray weights = Nd4j.create(w, new long[] {vocab.size(), dim}, DataType.FLOAT);
        return new Result(weights, found, vocab.size() - specials);
    }

    /** The word under which {@code vectors} hold {@code token}'s vector: as is, else in lower case; null if neither. */
    public static String pretrainedKey(WordVectors vectors, String token) {
        if (vectors.contains(token)) {
            return token;
        }
        String lower = token.toLowerCase(Locale.ROOT);
        return vectors.contains(lower) ? lower : null;
    }

    /** Copies {@code weights} into the "W" parameter of the embedding layer at {@code layerIndex}. */
    public static void apply(MultiLayerNetwork net, int layerIndex, INDArray weights) {
        if (net.getLayers() == null) {
            throw new IllegalStateException("call net.init() before setting embedding weights");
        }
        assign(net.getLayer(layerIndex), "layer " + layerIndex, weights);
    }

    /** Copies {@code weights} into the "W" parameter of the embedding layer (vertex) named {@code layerName}. */
    public static void apply(ComputationGraph graph, String layerName, INDArray weights) {
        if (graph.getLayers() == null) {
            throw new IllegalStateException("call graph.init() before setting embedding weights");
        }
        // DL4J throws IllegalStateException for an unknown name
        assign(graph.getLayer(layerName), "layer '" + layerName + "'", weights);
    }

    private static void assign(Layer layer, String name, INDArray weights) {
        INDArray w = layer.getParam(DefaultParamInitializer.WEIGHT_KEY);
        if (w == null) {
            throw new IllegalArgumentException(name + " has no weight parameter 'W'");
        }
        if (!Arrays.equals(w.shape(), weights.shape())) {
            throw new BadInputException("embedding weights are " + Arrays.toString(weights.shape())
                    + " but " + name + " expects " + Arrays.toString(w.shape())
                    + " (vocabulary size × embedding dim must match the vectors)");
        }
        // assign, not setParam: W is a view into the network's flat parameter vector
        w.assign(weights.castTo(w.dataType()));
    }

    private static double standardDeviation(WordVectors vectors) {
        // a sample of rows is enough for the scale of the random rows
        int rows = Math.min(vectors.size(), 10_000);
        double sum = 0;
        double sq = 0;
        long n = 0;
        for (int i = 0; i < rows; i++) {
            for (float v : vectors.vector(vectors.words().get(i))) {
                sum += v;
                sq += (double) v * v;
                n++;
            }
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(sq / n - mean * mean, 1e-12));
    }
}
