package org.seqlab.common.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.AtomicFiles;

/**
 * An exponential moving average of a network's parameters over the training steps (Polyak averaging; OpenNMT-py's
 * {@code -average_decay}, Marian's {@code --exponential-smoothing}): after every step
 * {@code average = (1 - share) * average + share * parameters}, where the share of a step is the greater of
 * {@code decay} and {@code 1 - (t + 1) / (t + 10)} at step t, so that the first steps do not leave the average
 * stuck near the initial weights. Validation, the best model and the returned model use the average; training
 * goes on from the network's own parameters.
 */
final class ParameterAverage {
    private final double decay;
    private final INDArray parameters;
    private final INDArray average;
    /** Room for the step's share of the parameters, so that an update allocates nothing. */
    private final INDArray scratch;
    private long steps;

    private ParameterAverage(double decay, INDArray parameters, INDArray average, long steps) {
        this.decay = decay;
        this.parameters = parameters;
        this.average = average;
        this.scratch = average.ulike();
        this.steps = steps;
    }

    /** A fresh average of {@code network}'s parameters (a DL4J MultiLayerNetwork or ComputationGraph). */
    static ParameterAverage start(Object network, double decay) {
        INDArray parameters = parameters(network);
        return new ParameterAverage(decay, parameters, parameters.dup(), 0);
    }

    /** The average a checkpoint saved with {@link #save}, for {@code network} (same architecture). */
    static ParameterAverage read(Path file, Object network, double decay) throws IOException {
        INDArray parameters = parameters(network);
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(raw)) {
            long steps = in.readLong();
            // another network's average has another length: reshape refuses it
            INDArray average = Nd4j.read(in).castTo(parameters.dataType()).reshape(parameters.shape());
            return new ParameterAverage(decay, parameters, average, steps);
        } catch (IOException | RuntimeException e) {
            throw new BadInputException("the checkpoint's parameter average " + file + " is unreadable (" + e.getMessage()
                    + "); train without --resume, or delete " + file.getParent() + " to start afresh");
        }
    }

    private static INDArray parameters(Object network) {
        if (!(network instanceof Model model)) {
            throw new BadInputException("parameter averaging needs a DL4J MultiLayerNetwork or ComputationGraph, not a "
                    + Trainables.typeOf(network));
        }
        // the flat view the updater writes into: reading it costs no copy
        return model.params();
    }

    /** Takes in the parameters after one more step. */
    void update() {
        steps++;
        double share = Math.max(decay, 1 - (steps + 1.0) / (steps + 10.0));
        average.muli(1 - share).addi(scratch.assign(parameters).muli(share));
    }

    /** {@code model}, whose every fitted step this average then takes in. */
    <N> TrainableModel<N> updatedBy(TrainableModel<N> model) {
        return new TrainableModel<>() {
            @Override
            public double fit(MultiDataSet batch) {
                double loss = model.fit(batch);
                update();
                return loss;
            }

            @Override
            public void setEpoch(int epoch) {
                model.setEpoch(epoch);
            }

            @Override
            public double scaleLearningRate(double factor) {
                return model.scaleLearningRate(factor);
            }

            @Override
            public void setLearningRate(double rate) {
                model.setLearningRate(rate);
            }

            @Override
            public double learningRate() {
                return model.learningRate();
            }

            @Override
            public void save(Path file, boolean withUpdater) throws IOException {
                model.save(file, withUpdater);
            }

            @Override
            public N network() {
                return model.network();
            }

            @Override
            public TrainableModel<N> reload(Path file, boolean withUpdater) throws IOException {
                return model.reload(file, withUpdater);
            }
        };
    }

    /** Runs {@code work} with the average as the network's parameters, then puts the network's own back. */
    <T> T withAverage(ThrowingSupplier<T> work) throws IOException {
        INDArray own = parameters.dup();
        parameters.assign(average);
        try {
            return work.get();
        } finally {
            parameters.assign(own);
        }
    }

    void save(Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            DataOutputStream data = new DataOutputStream(out);
            data.writeLong(steps);
            Nd4j.write(average, data);
            data.flush();
        });
    }

    @FunctionalInterface
    interface ThrowingSupplier<T> {
        T get() throws IOException;
    }
}
