package org.seqlab.common.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * The Bahdanau decoder's float32 SIMD attention loops must compute what its ND4J operations compute (those are
 * gradient-checked in double precision by {@link BahdanauDecoderVertexTest}). Sizes that are not multiples of a
 * SIMD register exercise the scalar tails; a target of {@link StepProduct#MIN_STEPS} steps or more makes the SIMD
 * path's per-step products use the packed weights.
 */
class BahdanauSimdTest {
    private static final int BATCH = 3;
    private static final int SOURCE_STEPS = 6;
    private static final int MEMORY = 11;
    private static final int ATTENTION = 13;

    private static ComputationGraph graph() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT)
                .updater(new NoOp()).graphBuilder()
                .addInputs("src", "tgt")
                .setInputTypes(InputType.recurrent(4), InputType.recurrent(5))
                .addLayer("enc", new GRU.Builder().nOut(MEMORY).build(), "src")
                .addLayer("emb", new GRU.Builder().nOut(6).build(), "tgt")
                .addVertex("dec", new BahdanauDecoderVertex(6, MEMORY, 9, ATTENTION), "emb", "enc")
                .addLayer("out", SoftmaxOutput.sparse(9 + MEMORY, 17), "dec")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }

    private static void useSimd(ComputationGraph graph, boolean simd) {
        BahdanauGraphVertex vertex = (BahdanauGraphVertex) graph.getVertex("dec");
        vertex.simd = simd ? AttentionSteps.vectorised() : null;
        if (simd) {
            assertNotNull(vertex.simd, "the Vector API loops should load in the tests' JVM");
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double scale = Math.max(1e-3, expected.amaxNumber().doubleValue());
        double worst = expected.sub(actual).amaxNumber().doubleValue();
        assertEquals(0, worst, 1e-5 * scale, what + ": largest difference " + worst + " at scale " + scale);
    }

    @ParameterizedTest(name = "{0} target steps")
    @ValueSource(ints = {5, 12})
    void simdAndNd4jPathsAgreeOnOutputsGradientsAndSteps(int targetSteps) {
        Nd4j.getRandom().setSeed(21);
        INDArray src = Nd4j.randn(DataType.FLOAT, BATCH, 4, SOURCE_STEPS);
        INDArray tgt = Nd4j.randn(DataType.FLOAT, BATCH, 5, targetSteps);
        INDArray labels = Nd4j.createUninitialized(DataType.FLOAT, BATCH, 1, targetSteps);
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < targetSteps; t++) {
                labels.putScalar(b, 0, t, (5 * b + 3 * t) % 17);
            }
        }
        INDArray srcMask = Nd4j.ones(DataType.FLOAT, BATCH, SOURCE_STEPS);
        srcMask.putScalar(1, 5, 0f);
        srcMask.putScalar(2, 4, 0f);
        srcMask.putScalar(2, 5, 0f);
        INDArray tgtMask = Nd4j.ones(DataType.FLOAT, BATCH, targetSteps);
        tgtMask.putScalar(0, 4, 0f);
        INDArray[] inputs = {src, tgt};
        INDArray[] masks = {srcMask, tgtMask};

        ComputationGraph graph = graph();
        INDArray[] output = new INDArray[2];
        INDArray[] gradient = new INDArray[2];
        double[] score = new double[2];
        INDArray[] stepped = new INDArray[2];
        for (int path = 0; path < 2; path++) {
            useSimd(graph, path == 0);
            output[path] = graph.output(false, inputs, masks, null)[0];
            graph.setInputs(inputs);
            graph.setLabels(labels);
            graph.setLayerMaskArrays(masks, new INDArray[] {tgtMask});
            graph.computeGradientAndScore();
            gradient[path] = graph.gradient().gradient().dup();
            score[path] = graph.score();
            graph.clearLayerMaskArrays();
            graph.rnnClearPreviousState();
            graph.rnnTimeStep(src, tgt.get(all(), all(), interval(0, 2)));
            stepped[path] = graph.rnnTimeStep(src, tgt.get(all(), all(), interval(2, 3)))[0].dup();
            graph.rnnClearPreviousState();
        }
        assertClose(output[1], output[0], "outputs");
        assertClose(gradient[1], gradient[0], "gradients");
        assertEquals(score[1], score[0], 1e-5 * Math.abs(score[1]), "score");
        assertClose(stepped[1], stepped[0], "stepped outputs");
    }
}
