package org.seqlab.spark;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.seqlab.common.rnn.AttentionVertex;
import org.seqlab.common.rnn.BahdanauDecoderVertex;
import org.seqlab.common.rnn.FusedLstm;
import org.seqlab.common.rnn.GRU;
import org.seqlab.common.testing.TinyTask;
import org.seqlab.common.train.ShuffledBatches;

/**
 * Small networks built from SeqLab's own layers and vertices (our GRU, the fused LSTM, the attention
 * vertex, the Bahdanau decoder vertex) on {@link TinyTask}'s majority-of-bits task, to check that they
 * travel to Spark's executors and train there.
 */
final class ToyNetworks {
    static final int TARGET_STEPS = 3;

    private ToyNetworks() {
    }

    /** src bits -> our GRU (memory); constant target tokens -> fused LSTM -> Bahdanau decoder -> attention -> softmax per step. */
    static ComputationGraph attentionGraph(long seed) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).dataType(DataType.FLOAT)
                .updater(new Adam(0.02)).graphBuilder()
                .addInputs("src", "tgt")
                .setInputTypes(InputType.recurrent(2), InputType.recurrent(1))
                .addLayer("enc", new GRU.Builder().nOut(8).build(), "src")
                .addLayer("tokens", new FusedLstm(1, 4), "tgt")
                .addVertex("dec", new BahdanauDecoderVertex(4, 8, 8, 8), "tokens", "enc")
                .addVertex("att", new AttentionVertex(AttentionVertex.Score.ADDITIVE, 16, 8, 8), "dec", "enc")
                .addVertex("merge", new MergeVertex(), "dec", "att")
                .addLayer("out", new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .activation(Activation.SOFTMAX).nOut(2).build(), "merge")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    /** The graph's batches: the label (majority of the bits) at every target step. */
    static MultiDataSet graphBatch(List<int[]> sequences) {
        MultiDataSet bits = TinyTask.batch(sequences);
        int n = sequences.size();
        INDArray tgt = Nd4j.ones(DataType.FLOAT, n, 1, TARGET_STEPS);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, n, 2, TARGET_STEPS);
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < TARGET_STEPS; t++) {
                labels.putScalar(new long[] {i, TinyTask.label(sequences.get(i)), t}, 1f);
            }
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {bits.getFeatures(0), tgt}, new INDArray[] {labels});
    }

    static double graphAccuracy(ComputationGraph graph, List<int[]> sequences) {
        MultiDataSet batch = graphBatch(sequences);
        INDArray predicted = graph.output(batch.getFeatures())[0].argMax(1);
        int correct = 0;
        for (int i = 0; i < sequences.size(); i++) {
            correct += predicted.getInt(i, TARGET_STEPS - 1) == TinyTask.label(sequences.get(i)) ? 1 : 0;
        }
        return correct / (double) sequences.size();
    }

    /** A MultiLayerNetwork: fused LSTM -> our GRU (last step) -> softmax. */
    static MultiLayerNetwork stackedNetwork(long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.FLOAT).updater(new Adam(0.02)).list()
                .layer(new FusedLstm(2, 8))
                .layer(new LastTimeStep(new GRU.Builder().nIn(8).nOut(8).build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.recurrent(2, TinyTask.LENGTH))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static ShuffledBatches<int[]> graphBatches(List<int[]> sequences, int batch, long seed) {
        return new ShuffledBatches<>(sequences, batch, seed, ToyNetworks::graphBatch, s -> TinyTask.LENGTH);
    }

    static ShuffledBatches<int[]> stackedBatches(List<int[]> sequences, int batch, long seed) {
        return new ShuffledBatches<>(sequences, batch, seed, TinyTask::batch, s -> TinyTask.LENGTH);
    }
}
