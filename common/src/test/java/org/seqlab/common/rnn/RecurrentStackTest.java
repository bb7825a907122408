package org.seqlab.common.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.seqlab.common.testing.DoublePrecision;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.seqlab.common.cli.TrainOptions;

@ExtendWith(DoublePrecision.class)
class RecurrentStackTest {
    private static MultiLayerNetwork classifier(NeuralNetConfiguration.Builder base, RecurrentStack.Spec spec, int nIn,
                                                Pooling pooling, int classes) {
        NeuralNetConfiguration.ListBuilder list = base.list();
        for (Layer layer : RecurrentStack.manyToOne(spec, nIn, pooling)) {
            list.layer(layer);
        }
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .nIn(spec.outputSize()).nOut(classes).build());
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    private static NeuralNetConfiguration.Builder checkBase() {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.DOUBLE).updater(new NoOp());
    }

    private static INDArray mask() {
        return Nd4j.create(new double[][] {{1, 1, 1, 1}, {1, 1, 1, 0}, {1, 1, 0, 0}});
    }

    private static INDArray labels(int batch, int classes) {
        INDArray labels = Nd4j.zeros(DataType.DOUBLE, batch, classes);
        for (int b = 0; b < batch; b++) {
            labels.putScalar(b, b % classes, 1.0);
        }
        return labels;
    }

    @Test
    void everyCellBuildsManyToOneClassifiersOfTheRightShape() {
        for (CellType cell : CellType.values()) {
            for (Pooling pooling : Pooling.values()) {
                boolean bi = pooling != Pooling.LAST;
                RecurrentStack.Spec spec = new RecurrentStack.Spec(cell, 3, 2, 0.2, bi, Bidirectional.Mode.CONCAT);
                MultiLayerNetwork net = classifier(checkBase(), spec, 2, pooling, 3);
                INDArray out = net.output(Nd4j.rand(DataType.DOUBLE, 3, 2, 4), false, mask(), null);
                assertArrayEquals(new long[] {3, 3}, out.shape(), cell + "/" + pooling);
            }
        }
    }

    /**
     * Padding must not leak into a bidirectional stack, whose backward direction reads the padding first:
     * in a MultiLayerNetwork DL4J's LSTM never receives the input mask (the fused layer takes it).
     */
    @Test
    void paddedRowsOfABidirectionalStackGiveWhatTheirSequencesGiveAlone() {
        for (CellType cell : CellType.values()) {
            RecurrentStack.Spec spec = new RecurrentStack.Spec(cell, 4, 2, 0, true, Bidirectional.Mode.CONCAT);
            // float32: the precision the fused LSTM runs in
            MultiLayerNetwork net = classifier(new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                    .updater(new NoOp()), spec, 2, Pooling.MAX, 3);
            INDArray mask = mask().castTo(DataType.FLOAT);
            INDArray features = Nd4j.rand(DataType.FLOAT, 3, 2, 4);
            INDArray batch = net.output(features, false, mask, null);
            for (int r = 0; r < 3; r++) {
                int length = mask.getRow(r).sumNumber().intValue();
                INDArray alone = net.output(features.get(NDArrayIndex.interval(r, r, true), NDArrayIndex.all(),
                        NDArrayIndex.interval(0, length)).dup());
                assertTrue(alone.equalsWithEps(batch.getRow(r, true), 1e-5), cell + " row " + r + ": " + alone + " vs " + batch);
            }
            MultiLayerNetwork restored = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson()));
            restored.init(net.params().dup(), false);
            assertTrue(restored.output(features, false, mask, null).equalsWithEps(batch, 1e-6), cell + " after a JSON round trip");
        }
    }

    /** The in-place concatenation computes what DL4J's Bidirectional computes, forward and backward. */
    @Test
    void fusedBidirectionalMatchesDl4jBidirectional() {
        for (CellType cell : CellType.values()) {
            MultiLayerNetwork[] nets = new MultiLayerNetwork[2];
            for (int n = 0; n < 2; n++) {
                org.deeplearning4j.nn.conf.layers.BaseRecurrentLayer layer = RecurrentStack.cell(cell, 3, 4);
                MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                        .updater(new NoOp()).list()
                        .layer(n == 0 ? new Bidirectional(Bidirectional.Mode.CONCAT, layer)
                                : new FusedBidirectional(Bidirectional.Mode.CONCAT, layer))
                        .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                                .dataFormat(org.deeplearning4j.nn.conf.RNNFormat.NCW).nIn(8).nOut(2).build())
                        .build();
                nets[n] = new MultiLayerNetwork(conf);
                nets[n].init();
            }
            nets[1].setParams(nets[0].params().dup());
            INDArray features = Nd4j.rand(DataType.FLOAT, 3, 3, 5);
            INDArray labels = Nd4j.zeros(DataType.FLOAT, 3, 2, 5);
            labels.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()).assign(1);
            INDArray mask = Nd4j.create(new float[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}, {1, 0, 0, 0, 0}});
            INDArray[] outputs = new INDArray[2];
            for (int n = 0; n < 2; n++) {
                outputs[n] = nets[n].output(features, false, mask, mask);
                nets[n].setLayerMaskArrays(mask, mask);
                nets[n].setInput(features);
                nets[n].setLabels(labels);
                nets[n].computeGradientAndScore();
            }
            assertTrue(outputs[0].equalsWithEps(outputs[1], 1e-6), cell + ": outputs differ");
            assertTrue(nets[0].gradient().gradient().equalsWithEps(nets[1].gradient().gradient(), 1e-6), cell + ": gradients differ");
            assertInstanceOf(FusedBidirectional.class, MultiLayerConfiguration.fromJson(
                    nets[1].getLayerWiseConfigurations().toJson()).getConf(0).getLayer());
        }
    }

    @Test
    void dropoutSitsBetweenLayersOnly() {
        List<Layer> layers = RecurrentStack.layers(CellType.LSTM, 5, 8, 3, 0.25, true, Bidirectional.Mode.ADD);
        assertEquals(3, layers.size());
        Bidirectional first = assertInstanceOf(Bidirectional.class, layers.get(0));
        assertNull(first.getFwd().getIDropout());
        Bidirectional second = assertInstanceOf(Bidirectional.class, layers.get(1));
        assertEquals(0.75, ((Dropout) second.getFwd().getIDropout()).getP(), 1e-12);
        // ADD keeps the size, so the next layer reads 8 features
        assertEquals(8, ((FeedForwardLayer) second.getFwd()).getNIn());
        assertThrows(IllegalArgumentException.class,
                () -> RecurrentStack.layers(CellType.GRU, 5, 8, 1, 0, true, Bidirectional.Mode.MUL));
    }

    @Test
    void gruWithLastStepAndMeanPoolingPassesGradientChecks() {
        Nd4j.getRandom().setSeed(11);
        INDArray in = Nd4j.rand(DataType.DOUBLE, 3, 2, 4).subi(0.5);
        MultiLayerNetwork last = classifier(checkBase(),
                new RecurrentStack.Spec(CellType.GRU, 3, 1, 0, false, Bidirectional.Mode.CONCAT), 2, Pooling.LAST, 2);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(last).input(in)
                .labels(labels(3, 2)).inputMask(mask()).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)));

        // the same through a ComputationGraph, bidirectional, with masked mean pooling
        ComputationGraphConfiguration.GraphBuilder g = checkBase().graphBuilder().addInputs("in");
        RecurrentStack.Spec spec = new RecurrentStack.Spec(CellType.GRU, 2, 1, 0, true, Bidirectional.Mode.CONCAT);
        String top = RecurrentStack.addManyToOne(g, "rnn", "in", spec, 2, Pooling.MEAN);
        g.addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                .nIn(spec.outputSize()).nOut(2).build(), top).setOutputs("out");
        ComputationGraph graph = new ComputationGraph(g.build());
        graph.init();
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                .inputs(new INDArray[] {in}).labels(new INDArray[] {labels(3, 2)}).inputMask(new INDArray[] {mask()})
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)));
    }

    @Test
    void trainingConfigsMapEveryOption() {
        TrainOptions options = new TrainOptions();
        options.learningRate = 0.01;
        options.learningRateDecay = 0.5;
        options.clipValue = 0.3;
        options.tbptt = 7;
        options.seed = 99;
        NeuralNetConfiguration.ListBuilder list = TrainingConfigs.builder(options.settings()).list()
                .layer(RecurrentStack.cell(CellType.GRU, 2, 3))
                .layer(new RnnOutputLayer.Builder().nIn(3).nOut(2).activation(Activation.SOFTMAX).build());
        MultiLayerConfiguration conf = TrainingConfigs.apply(list, options.settings()).build();
        assertEquals(BackpropType.TruncatedBPTT, conf.getBackpropType());
        assertEquals(7, conf.getTbpttFwdLength());
        assertEquals(7, conf.getTbpttBackLength());
        assertEquals(DataType.FLOAT, conf.getDataType());
        BaseLayer layer = (BaseLayer) conf.getConf(0).getLayer();
        assertEquals(GradientNormalization.ClipElementWiseAbsoluteValue, layer.getGradientNormalization());
        assertEquals(0.3, layer.getGradientNormalizationThreshold(), 1e-12);
        Adam adam = assertInstanceOf(Adam.class, layer.getIUpdater());
        ExponentialSchedule schedule = assertInstanceOf(ExponentialSchedule.class, adam.getLearningRateSchedule());
        assertEquals(0.01 * 0.25, schedule.valueAt(0, 2), 1e-12);
        assertEquals(99, conf.getConf(0).getSeed());

        options.clipValue = 0;
        options.clipNorm = 2;
        options.learningRateDecay = 1;
        options.tbptt = 0;
        BaseLayer plain = (BaseLayer) TrainingConfigs.apply(TrainingConfigs.builder(options.settings()).list()
                .layer(RecurrentStack.cell(CellType.RNN, 2, 3))
                .layer(new RnnOutputLayer.Builder().nIn(3).nOut(2).build()), options.settings()).build().getConf(0).getLayer();
        assertEquals(GradientNormalization.ClipL2PerLayer, plain.getGradientNormalization());
        assertEquals(0.01, ((Adam) plain.getIUpdater()).getLearningRate(), 1e-12);
    }

    /** Label = whether the first feature summed over the real steps is positive: needs memory, not the last step alone. */
    private static DataSet sumSignTask(int n, int steps, long seed) {
        Random random = new Random(seed);
        INDArray x = Nd4j.zeros(DataType.FLOAT, n, 2, steps);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 2);
        INDArray mask = Nd4j.zeros(DataType.FLOAT, n, steps);
        for (int i = 0; i < n; i++) {
            int length = 3 + random.nextInt(steps - 2);
            double sum = 0;
            for (int t = 0; t < length; t++) {
                double v = random.nextGaussian();
                sum += v;
                x.putScalar(i, 0, t, v);
                x.putScalar(i, 1, t, 1.0);
                mask.putScalar(i, t, 1.0);
            }
            y.putScalar(i, sum > 0 ? 1 : 0, 1.0);
        }
        return new DataSet(x, y, mask, null);
    }

    @Test
    void gruManyToOneLearnsASimpleTask() {
        TrainOptions options = new TrainOptions();
        options.learningRate = 0.02;
        options.seed = 3;
        RecurrentStack.Spec spec = new RecurrentStack.Spec(CellType.GRU, 8, 1, 0, false, Bidirectional.Mode.CONCAT);
        MultiLayerNetwork net = classifier(TrainingConfigs.builder(options.settings()), spec, 2, Pooling.LAST, 2);
        DataSet train = sumSignTask(32, 6, 1);
        double before = net.score(train);
        for (int epoch = 0; epoch < 40; epoch++) {
            net.fit(train);
        }
        double after = net.score(train);
        assertTrue(after < 0.5 * before, "loss " + before + " -> " + after);
    }

    @Test
    void truncatedBpttTrainsAGruSequenceModel() {
        TrainOptions options = new TrainOptions();
        options.tbptt = 4;
        options.learningRate = 0.02;
        NeuralNetConfiguration.ListBuilder list = TrainingConfigs.builder(options.settings()).list()
                .layer(RecurrentStack.cell(CellType.GRU, 2, 8))
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX)
                        .nIn(8).nOut(2).build());
        MultiLayerNetwork net = new MultiLayerNetwork(TrainingConfigs.apply(list, options.settings()).build());
        net.init();
        // label at step t = input class at step t-1: one step of memory, learnable within a 4-step window
        Random random = new Random(5);
        INDArray x = Nd4j.zeros(DataType.FLOAT, 8, 2, 12);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 2, 12);
        for (int i = 0; i < 8; i++) {
            int previous = 0;
            for (int t = 0; t < 12; t++) {
                int c = random.nextInt(2);
                x.putScalar(i, c, t, 1.0);
                y.putScalar(i, previous, t, 1.0);
                previous = c;
            }
        }
        DataSet data = new DataSet(x, y);
        double before = net.score(data);
        for (int epoch = 0; epoch < 25; epoch++) {
            net.fit(data);
        }
        assertTrue(net.score(data) < 0.5 * before, "loss " + before + " -> " + net.score(data));
    }
}
