package org.seqlab.common.train;

import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * What the trainer needs from a network, whatever DL4J API built it (MultiLayerNetwork,
 * ComputationGraph or SameDiff): fit one mini-batch, report its loss, and save itself.
 *
 * @param <N> the network's type, so that validators and results hand back a typed network
 */
public interface TrainableModel<N> {
    /** Fits one mini-batch; returns its training loss. */
    double fit(MultiDataSet batch);

    /** Tells the network which epoch runs now, so per-epoch learning-rate schedules advance. */
    void setEpoch(int epoch);

    /**
     * Multiplies the learning rate of every parameter by {@code factor}, from the next step on and in what
     * {@link #save} writes; returns the new rate (of the first parameter).
     */
    default double scaleLearningRate(double factor) {
        return Trainables.changeLearningRate(network(), rate -> rate * factor);
    }

    /** Sets the learning rate of every parameter to {@code rate}, from the next step on and in what {@link #save} writes. */
    default void setLearningRate(double rate) {
        Trainables.changeLearningRate(network(), current -> rate);
    }

    /** The learning rate the next step uses (of the first parameter); 0 when the network's kind does not say. */
    default double learningRate() {
        return Trainables.learningRate(network());
    }

    /** Saves the network, with the optimiser's state when {@code withUpdater} (for checkpoints). */
    void save(Path file, boolean withUpdater) throws IOException;

    /** The DL4J network itself. */
    N network();

    /**
     * This model's kind of adapter around a network saved by {@link #save}: what the trainer resumes from and
     * returns as the best model. Override when the adapter does more than fit (e.g. carries recurrent state).
     */
    @SuppressWarnings("unchecked")
    default TrainableModel<N> reload(Path file, boolean withUpdater) throws IOException {
        // the saved network is of this model's type: Trainables.load restores the type it is given
        return (TrainableModel<N>) Trainables.load(file, Trainables.typeOf(network()), withUpdater);
    }
}
