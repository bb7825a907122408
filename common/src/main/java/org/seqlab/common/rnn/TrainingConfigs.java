package org.seqlab.common.rnn;

import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.seqlab.common.train.TrainSettings;

/**
 * Applies {@link TrainSettings} to DL4J builders: seed, float32, Adam (decayed by {@code lrDecay} after
 * every epoch when below 1), gradient clipping by value (wins when set) or by per-layer L2 norm, and
 * truncated BPTT.
 */
public final class TrainingConfigs {
    private TrainingConfigs() {
    }

    /** A fresh global builder with the options applied. */
    public static NeuralNetConfiguration.Builder builder(TrainSettings options) {
        return apply(new NeuralNetConfiguration.Builder(), options);
    }

    public static NeuralNetConfiguration.Builder apply(NeuralNetConfiguration.Builder builder, TrainSettings options) {
        builder.seed(options.seed()).dataType(DataType.FLOAT);
        builder.updater(options.learningRateDecay() < 1
                ? new Adam(new ExponentialSchedule(ScheduleType.EPOCH, options.learningRate(), options.learningRateDecay()))
                : new Adam(options.learningRate()));
        if (options.clipValue() > 0) {
            builder.gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue)
                    .gradientNormalizationThreshold(options.clipValue());
        } else if (options.clipNorm() > 0) {
            builder.gradientNormalization(GradientNormalization.ClipL2PerLayer)
                    .gradientNormalizationThreshold(options.clipNorm());
        } else {
            builder.gradientNormalization(GradientNormalization.None);
        }
        return builder;
    }

    /** Sets full or truncated BPTT on a MultiLayerNetwork list. */
    public static NeuralNetConfiguration.ListBuilder apply(NeuralNetConfiguration.ListBuilder list, TrainSettings options) {
        if (options.tbptt() > 0) {
            list.backpropType(BackpropType.TruncatedBPTT);
            list.tBPTTForwardLength(options.tbptt()).tBPTTBackwardLength(options.tbptt());
        } else {
            list.backpropType(BackpropType.Standard);
        }
        return list;
    }

    /** Sets full or truncated BPTT on a ComputationGraph builder. */
    public static ComputationGraphConfiguration.GraphBuilder apply(ComputationGraphConfiguration.GraphBuilder graph,
                                                                   TrainSettings options) {
        if (options.tbptt() > 0) {
            graph.backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(options.tbptt()).tBPTTBackwardLength(options.tbptt());
        } else {
            graph.backpropType(BackpropType.Standard);
        }
        return graph;
    }
}
