package org.seqlab.common.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.testing.TinyTask;

class ModelBundleTest {
    @TempDir
    Path dir;

    Path writeBundle() throws Exception {
        MultiLayerNetwork net = TinyTask.network(11);
        Path bundle = dir.resolve("model");
        ModelBundle.writer("sentiment").data("uci-sentences").network(net)
                .hyperParameters(Map.of("hidden", 12)).metrics(Map.of("accuracy", 0.9))
                .json("labels.json", List.of("neg", "pos")).write(bundle);
        return bundle;
    }

    @Test
    void roundTripGivesIdenticalOutputs() throws Exception {
        MultiLayerNetwork net = TinyTask.network(11);
        INDArray input = TinyTask.batch(TinyTask.sequences(16, 4)).getFeatures(0);
        Path bundle = writeBundle();
        ModelBundle loaded = ModelBundle.load(bundle, "sentiment");
        assertEquals(net.output(input), loaded.network(MultiLayerNetwork.class).output(input));
        assertEquals(List.of("neg", "pos"), loaded.json("labels.json", List.class));
        assertEquals("uci-sentences", loaded.info().data());
        assertEquals(12, loaded.info().hyperParameters().get("hidden"));
        assertEquals(ModelBundle.FORMAT_VERSION, loaded.info().formatVersion());
    }

    @Test
    void zippedBundleLoadsToo() throws Exception {
        Path bundle = writeBundle();
        Path zip = dir.resolve("model.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out);
             var files = Files.list(bundle)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                z.putNextEntry(new ZipEntry("model/" + f.getFileName()));
                z.write(Files.readAllBytes(f));
                z.closeEntry();
            }
        }
        assertEquals("sentiment", ModelBundle.load(zip, "sentiment").info().task());
    }

    @Test
    void truncatedNetworkIsAOneLineError() throws Exception {
        Path bundle = writeBundle();
        Path network = bundle.resolve(ModelBundle.NETWORK_FILE);
        byte[] bytes = Files.readAllBytes(network);
        Files.write(network, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        BadInputException e = assertThrows(BadInputException.class, () -> ModelBundle.load(bundle, "sentiment"));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void foreignOrMissingBundlesAreOneLineErrors() throws Exception {
        Path bundle = writeBundle();
        assertTrue(assertThrows(BadInputException.class, () -> ModelBundle.load(bundle, "translation"))
                .getMessage().contains("is a sentiment model, not a translation model"));
        assertThrows(BadInputException.class, () -> ModelBundle.load(dir.resolve("nothing"), "sentiment"));
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertTrue(assertThrows(BadInputException.class, () -> ModelBundle.load(empty, "sentiment"))
                .getMessage().contains("not a SeqLab model bundle"));
        Path garbage = Files.write(dir.resolve("garbage.bin"), new byte[] {1, 2, 3, 0, 7});
        assertThrows(BadInputException.class, () -> ModelBundle.load(garbage, "sentiment"));
        Files.writeString(bundle.resolve(ModelBundle.INFO_FILE), "{ not json");
        assertTrue(assertThrows(BadInputException.class, () -> ModelBundle.load(bundle, "sentiment"))
                .getMessage().contains("corrupt"));
    }

    @Test
    void networkOfTheWrongKindIsAClearError() throws Exception {
        Path bundle = writeBundle();
        ModelBundle loaded = ModelBundle.load(bundle, "sentiment");
        assertThrows(BadInputException.class, () -> loaded.network(ComputationGraph.class));
    }
}
