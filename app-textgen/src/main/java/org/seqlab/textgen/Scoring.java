package org.seqlab.textgen;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.common.metrics.LanguageModelEvaluator;

/**
 * How well a model predicts a text, read as the model reads text in training: in {@code streams} contiguous
 * parts side by side, in windows whose recurrent state carries over ({@code rnnTimeStep}), so that every token
 * is predicted from all the text before it in its stream. The loss of each token goes to a
 * {@link LanguageModelEvaluator}, split by the class of the token predicted.
 */
public final class Scoring {
    /** Streams of validation text read side by side: few, so that few tokens are read without context. */
    public static final int STREAMS = 4;
    /** Steps per {@code rnnTimeStep} call (only memory depends on it, not the result). */
    public static final int WINDOW = 250;

    private Scoring() {
    }

    public static LanguageModelEvaluator.Metrics score(MultiLayerNetwork net, Codec codec, int[] tokens) {
        return score(net, codec, tokens, Math.max(1, Math.min(STREAMS, (tokens.length - 1) / 2)), WINDOW);
    }

    public static LanguageModelEvaluator.Metrics score(MultiLayerNetwork net, Codec codec, int[] tokens, int streams,
                                                       int window) {
        LanguageModelEvaluator evaluator = new LanguageModelEvaluator(codec.level().unit());
        int streamLength = (tokens.length - 1) / streams;
        if (streamLength < 1) {
            throw new IllegalArgumentException("nothing to score: " + tokens.length + " tokens");
        }
        int vocabulary = codec.size();
        boolean oneHot = codec.level() == Level.CHAR;
        net.rnnClearPreviousState();
        for (int from = 0; from < streamLength; from += window) {
            int steps = Math.min(window, streamLength - from);
            INDArray[] arrays = TextStreams.arrays(tokens, streams, streamLength, from, steps, vocabulary, oneHot);
            float[] probabilities = net.rnnTimeStep(arrays[0]).dup('c').data().asFloat();
            for (int s = 0; s < streams; s++) {
                for (int t = 0; t < steps; t++) {
                    int target = tokens[s * streamLength + from + t + 1];
                    double p = probabilities[(s * vocabulary + target) * steps + t];
                    evaluator.addNats(codec.tokenClass(target), -Math.log(Math.max(p, 1e-30)));
                }
            }
        }
        net.rnnClearPreviousState();
        return evaluator.result();
    }
}
