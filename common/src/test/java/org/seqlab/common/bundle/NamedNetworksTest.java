package org.seqlab.common.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqlab.common.error.BadInputException;
import org.seqlab.common.io.Hashing;
import org.seqlab.common.io.Json;
import org.seqlab.common.testing.TinyTask;

class NamedNetworksTest {
    @TempDir
    Path dir;

    @Test
    void aBundleHoldsSeveralNamedNetworksEachChecked() throws Exception {
        MultiLayerNetwork encoder = TinyTask.network(1);
        MultiLayerNetwork decoder = TinyTask.network(2);
        Path bundle = dir.resolve("two");
        ModelBundle.writer("captioning").network("encoder", encoder).network("decoder", decoder).write(bundle);
        assertTrue(Files.isRegularFile(bundle.resolve("encoder.zip")));
        assertTrue(Files.isRegularFile(bundle.resolve("decoder.zip")));
        ModelBundle loaded = ModelBundle.load(bundle, "captioning");
        INDArray input = TinyTask.batch(TinyTask.sequences(8, 4)).getFeatures(0);
        assertEquals(encoder.output(input), loaded.network("encoder", MultiLayerNetwork.class).output(input));
        assertEquals(decoder.output(input), loaded.network("decoder", MultiLayerNetwork.class).output(input));
        BadInputException missing = assertThrows(BadInputException.class,
                () -> loaded.network(MultiLayerNetwork.class));
        assertTrue(missing.getMessage().contains("no network 'network'"), missing.getMessage());

        Files.write(bundle.resolve("decoder.zip"), new byte[] {1, 2, 3});
        BadInputException corrupt = assertThrows(BadInputException.class, () -> ModelBundle.load(bundle, "captioning"));
        assertTrue(corrupt.getMessage().contains("decoder.zip"), corrupt.getMessage());
    }

    @Test
    void networkNamesCannotEscapeTheBundleOrCollideWithFiles() {
        ModelBundle.Writer writer = ModelBundle.writer("x");
        assertThrows(IllegalArgumentException.class, () -> writer.network("../evil", TinyTask.network(1)));
        assertThrows(IllegalArgumentException.class, () -> writer.network("Encoder", TinyTask.network(1)));
        writer.network("encoder", TinyTask.network(1));
        assertThrows(IllegalArgumentException.class, () -> writer.file("encoder.zip", p -> Files.writeString(p, "")));
    }

    /** A bundle as format 1 wrote it: one network.zip, networkType, no networks map. */
    @Test
    void formatOneBundlesStillLoad() throws Exception {
        MultiLayerNetwork net = TinyTask.network(3);
        Path bundle = dir.resolve("v1");
        ModelBundle.writer("sentiment").network(net).write(bundle);
        ObjectNode info = (ObjectNode) Json.MAPPER.readTree(bundle.resolve(ModelBundle.INFO_FILE).toFile());
        info.put("formatVersion", 1);
        info.remove("networks");
        Files.writeString(bundle.resolve(ModelBundle.INFO_FILE), Json.write(info));
        ModelBundle loaded = ModelBundle.load(bundle, "sentiment");
        assertEquals(1, loaded.info().formatVersion());
        assertEquals(Map.of("network", "MultiLayerNetwork"), loaded.info().networkTypes());
        INDArray input = TinyTask.batch(TinyTask.sequences(8, 4)).getFeatures(0);
        assertEquals(net.output(input), loaded.network(MultiLayerNetwork.class).output(input));
        assertEquals(Hashing.sha256(bundle.resolve("network.zip")), loaded.info().files().get("network.zip"));
    }

    @Test
    void checkTargetRefusesWhatIsNotABundle() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "keep me");
        assertThrows(BadInputException.class, () -> ModelBundle.checkTarget(file));
        Path folder = Files.createDirectories(dir.resolve("photos"));
        Files.writeString(folder.resolve("holiday.jpg"), "keep me too");
        BadInputException e = assertThrows(BadInputException.class, () -> ModelBundle.checkTarget(folder));
        assertTrue(e.getMessage().contains("not a SeqLab model bundle"), e.getMessage());
        assertThrows(BadInputException.class, () -> ModelBundle.checkTarget(file.resolve("model")));
        ModelBundle.checkTarget(dir.resolve("new-model"));
        ModelBundle.checkTarget(Files.createDirectories(dir.resolve("empty")));
        Path bundle = dir.resolve("bundle");
        ModelBundle.writer("sentiment").network(TinyTask.network(1)).write(bundle);
        ModelBundle.checkTarget(bundle);
        assertEquals("keep me too", Files.readString(folder.resolve("holiday.jpg")));
    }
}
