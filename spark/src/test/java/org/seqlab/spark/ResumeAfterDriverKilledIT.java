package org.seqlab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.io.Json;
import org.seqlab.common.train.TrainingResult;

/** The driver JVM killed after a finished epoch: --resume continues from the last checkpoint, not from scratch. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ResumeAfterDriverKilledIT {
    private static final int EPOCHS = 3;

    @TempDir
    Path dir;

    @AfterAll
    static void stopSpark() {
        SparkContexts.stop();
    }

    @Test
    void resumeContinuesAfterTheLastCheckpointedEpoch() throws Exception {
        Path checkpoints = dir.resolve("ckpt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", System.getProperty("java.class.path")));
        command.addAll(SparkJvm.args());
        command.addAll(List.of(ResumeDriver.class.getName(), checkpoints.toString(), String.valueOf(EPOCHS), "false"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("driver.log").toFile());
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process driver = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            while (!Files.exists(checkpoints.resolve("state.json")) && driver.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(driver.isAlive(), "the driver finished or died before it could be killed: "
                    + Files.readString(dir.resolve("driver.log")));
        } finally {
            driver.destroyForcibly();
            driver.waitFor(20, TimeUnit.SECONDS);
        }
        int done = Json.read(checkpoints.resolve("state.json"), java.util.Map.class).get("epochsDone") instanceof Integer n
                ? n : -1;
        assertTrue(done >= 1 && done < EPOCHS, "epochs done when killed: " + done);

        TrainingResult<?> resumed = ResumeDriver.run(checkpoints, EPOCHS, true);
        assertEquals(done, resumed.resumedAfterEpoch());
        assertEquals(EPOCHS, resumed.history().size());
        assertTrue(resumed.history().get(EPOCHS - 1).trainLoss() < resumed.history().get(0).trainLoss(),
                "loss falls across the kill: " + resumed.history());
    }
}
