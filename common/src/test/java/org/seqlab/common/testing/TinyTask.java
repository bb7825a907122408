package org.seqlab.common.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A tiny sequence task for testing training machinery (not models): is the majority of a bit
 * sequence ones? Real-data learning tests live with the apps.
 */
public final class TinyTask {
    public static final int LENGTH = 7;

    private TinyTask() {
    }

    public static List<int[]> sequences(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int[] bits = new int[LENGTH];
            for (int t = 0; t < LENGTH; t++) {
                bits[t] = random.nextInt(2);
            }
            out.add(bits);
        }
        return out;
    }

    public static int label(int[] bits) {
        int ones = 0;
        for (int b : bits) {
            ones += b;
        }
        return ones * 2 > bits.length ? 1 : 0;
    }

    public static MultiDataSet batch(List<int[]> sequences) {
        INDArray features = Nd4j.zeros(DataType.FLOAT, sequences.size(), 2, LENGTH);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, sequences.size(), 2);
        for (int i = 0; i < sequences.size(); i++) {
            int[] bits = sequences.get(i);
            for (int t = 0; t < LENGTH; t++) {
                features.putScalar(new long[] {i, bits[t], t}, 1f);
            }
            labels.putScalar(i, label(bits), 1f);
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(features, labels);
    }

    public static MultiLayerNetwork network(long seed) {
        return network(seed, 0);
    }

    /**
     * With {@code dropout} > 0: dropout on the LSTM's input (drawn from ND4J's global generator) and a learning
     * rate that decays per iteration, the two things a resumed run must restore beyond parameters and updater.
     */
    public static MultiLayerNetwork network(long seed, double dropout) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.FLOAT)
                .updater(dropout > 0 ? new Adam(new ExponentialSchedule(ScheduleType.ITERATION, 0.02, 0.99)) : new Adam(0.02))
                .list()
                .layer(new LastTimeStep(new LSTM.Builder().nOut(12).activation(Activation.TANH)
                        .dropOut(dropout > 0 ? 1 - dropout : 0).build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(2, LENGTH))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    public static double accuracy(MultiLayerNetwork net, List<int[]> sequences) {
        INDArray predicted = net.output(batch(sequences).getFeatures(0)).argMax(1);
        int correct = 0;
        for (int i = 0; i < sequences.size(); i++) {
            correct += predicted.getInt(i) == label(sequences.get(i)) ? 1 : 0;
        }
        return correct / (double) sequences.size();
    }
}
