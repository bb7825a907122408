package org.seqlab.common.train;

import java.util.Map;

/** Scores the model on held-out data after each epoch; keys are flat metric names such as "accuracy". */
@FunctionalInterface
public interface Validator<N> {
    Map<String, Double> validate(TrainableModel<N> model);
}
