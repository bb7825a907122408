package org.seqlab.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.train.ScaleOutSettings;
import org.seqlab.common.train.TrainSettings;

/** Sentiment on a slice of uci-sentences: local[2] learns and lands near local training with the same settings. */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class SentimentShapeIT {
    @TempDir
    Path dir;

    @AfterAll
    static void stopSpark() {
        SparkContexts.stop();
    }

    @Test
    void local2LearnsAndLandsNearLocalTraining() throws Exception {
        // 1,190 sentences: 74 batches of 16 and a short one of 6, which must not be merged into a full one
        SentimentShape data = SentimentShape.load(1190);
        TrainSettings settings = SentimentShape.settings(4, 16);
        double local = data.train(settings, ScaleOutSettings.LOCAL, dir.resolve("local"), false, 32).accuracy();
        double spark = data.train(settings, new ScaleOutSettings("local[2]", 2, 0, 0), dir.resolve("spark"), false, 32)
                .accuracy();
        System.err.printf("majority %.3f, local %.3f, local[2] %.3f%n", data.majority, local, spark);
        assertTrue(spark > data.majority + 0.1, "local[2] " + spark + " vs majority " + data.majority);
        assertTrue(Math.abs(spark - local) < 0.08, "local " + local + " vs local[2] " + spark);
    }
}
