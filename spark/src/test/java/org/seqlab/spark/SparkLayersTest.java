package org.seqlab.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.seqlab.common.testing.TinyTask;
import org.seqlab.common.train.BatchSource;
import org.seqlab.common.train.EpochFitterFactory;
import org.seqlab.common.train.ScaleOutSettings;
import org.seqlab.common.train.Trainables;
import org.seqlab.common.train.Trainer;
import org.seqlab.common.train.TrainerConfig;
import org.seqlab.common.train.TrainingResult;

/** Our own layers and vertices go to Spark's executors and train there (local[2]: two task threads). */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SparkLayersTest {
    private static final ScaleOutSettings LOCAL_2 = new ScaleOutSettings("local[2]", 2, 0, 0);

    @TempDir
    Path dir;

    @AfterAll
    static void stopSpark() {
        SparkContexts.stop();
    }

    @Test
    void theTrainerFindsTheSparkEngineOnTheClassPath() {
        assertTrue(EpochFitterFactory.forSettings(LOCAL_2) instanceof SparkEpochFitter);
    }

    @Test
    void whatTheDriverBroadcastsSurvivesJavaSerialisation() throws Exception {
        // on a cluster the executors rebuild the network from this tuple (local mode skips the copy)
        ComputationGraph graph = ToyNetworks.attentionGraph(3);
        NetBroadcastTuple tuple = new NetBroadcastTuple(graph.getConfiguration(), graph.params(),
                graph.getUpdater().getStateViewArray());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(tuple);
        }
        NetBroadcastTuple copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (NetBroadcastTuple) in.readObject();
        }
        ComputationGraph rebuilt = new ComputationGraph(copy.getGraphConfiguration());
        rebuilt.init(copy.getParameters(), false);
        List<int[]> probe = TinyTask.sequences(8, 5);
        INDArray expected = graph.output(ToyNetworks.graphBatch(probe).getFeatures())[0];
        INDArray actual = rebuilt.output(ToyNetworks.graphBatch(probe).getFeatures())[0];
        assertArrayEquals(expected.ravel().toFloatVector(), actual.ravel().toFloatVector(), 1e-6f);
    }

    @Test
    void aGraphWithOurGruFusedLstmAndAttentionVerticesLearnsUnderLocal2() throws Exception {
        List<int[]> train = TinyTask.sequences(480, 1);
        List<int[]> test = TinyTask.sequences(200, 2);
        ComputationGraph graph = ToyNetworks.attentionGraph(7);
        double before = ToyNetworks.graphAccuracy(graph, test);
        INDArray initial = graph.params().dup();
        TrainingResult<?> result = new Trainer(new TrainerConfig(4, 0, "loss", false, dir.resolve("graph"), false, "g"),
                LOCAL_2).train(Trainables.of(graph), ToyNetworks.graphBatches(train, 16, 11), null);
        ComputationGraph best = (ComputationGraph) result.best().network();
        double after = ToyNetworks.graphAccuracy(best, test);
        assertTrue(result.history().get(3).trainLoss() < result.history().get(0).trainLoss() * 0.5,
                "loss falls: " + result.history());
        assertTrue(after > 0.85 && after > before + 0.2, "accuracy " + before + " -> " + after);
        // the averaged parameters land in the trainer's own network object
        assertTrue(graph.params().distance2(initial) > 0.1);
    }

    @Test
    void aMultiLayerNetworkOfFusedLstmAndOurGruLearnsUnderLocal2() throws Exception {
        List<int[]> train = TinyTask.sequences(480, 3);
        List<int[]> test = TinyTask.sequences(200, 4);
        MultiLayerNetwork net = ToyNetworks.stackedNetwork(9);
        SparkEpochFitter fitter = new SparkEpochFitter(LOCAL_2);
        CountingSource source = new CountingSource(ToyNetworks.stackedBatches(train, 16, 13));
        TrainingResult<?> result = new Trainer(new TrainerConfig(4, 0, "loss", false, dir.resolve("mln"), false, "m"),
                fitter).train(Trainables.of(net), source, null);
        double accuracy = TinyTask.accuracy((MultiLayerNetwork) result.best().network(), test);
        assertTrue(accuracy > 0.85, "accuracy " + accuracy);
        // every batch went out: 30 a epoch, in rounds of 2 workers x 2 batches (7 full rounds and one of 2)
        assertEquals(30 * 4, source.taken);
        assertEquals(8 * 4, fitter.roundSeconds().size());
    }

    /** Counts the batches the fitter takes from the source. */
    private static final class CountingSource implements BatchSource {
        private final BatchSource source;
        int taken;

        CountingSource(BatchSource source) {
            this.source = source;
        }

        @Override
        public int batchesPerEpoch() {
            return source.batchesPerEpoch();
        }

        @Override
        public long tokensPerEpoch() {
            return source.tokensPerEpoch();
        }

        @Override
        public Iterator<MultiDataSet> epoch(int epoch) {
            Iterator<MultiDataSet> batches = source.epoch(epoch);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return batches.hasNext();
                }

                @Override
                public MultiDataSet next() {
                    taken++;
                    return batches.next();
                }
            };
        }
    }
}
