package org.seqlab.textgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.io.Json;
import org.seqlab.common.testing.CommandRun;

/** A training process killed after its first checkpoint, resumed with --resume, ends as an uninterrupted run. */
class TextGenResumeTest {
    @TempDir
    Path dir;

    List<String> trainArgs(Path data, String name) {
        return List.of("train", "--data", data.toString(), "--model", dir.resolve(name).toString(), "--out",
                dir.resolve(name + "-report").toString(), "--epochs", "4", "--hidden", "16", "--layers", "2",
                "--batch", "4", "--tbptt", "16", "--lr", "0.02", "--patience", "0");
    }

    @Test
    void resumeAfterAKillContinuesTheSameRun() throws Exception {
        System.setProperty("seqlab.quiet", "true");
        Path data = Files.writeString(dir.resolve("text.txt"), TextGenLearningTest.VERSE.repeat(30));
        CommandRun straight = CommandRun.of(new TextgenMain(), trainArgs(data, "straight").toArray(String[]::new));
        assertEquals(0, straight.code(), straight.err());

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                TextgenMain.class.getName()));
        command.addAll(trainArgs(data, "killed"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("killed.log").toFile()).start();
        Path state = dir.resolve("killed.checkpoints").resolve("state.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(state) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        process.destroyForcibly().waitFor();
        assertTrue(Files.exists(state), "a checkpoint was written before the kill: " + Files.readString(dir.resolve("killed.log")));
        int done = Json.MAPPER.readTree(state.toFile()).get("epochsDone").asInt();
        assertTrue(done < 4, "killed before the end (after epoch " + done + ")");

        List<String> resume = new ArrayList<>(trainArgs(data, "killed"));
        resume.add("--resume");
        System.setProperty("seqlab.quiet", "false");
        CommandRun resumed;
        try {
            resumed = CommandRun.of(new TextgenMain(), resume.toArray(String[]::new));
        } finally {
            System.setProperty("seqlab.quiet", "true");
        }
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("resuming after epoch " + done), resumed.err());
        JsonNode a = Json.MAPPER.readTree(dir.resolve("straight-report").resolve("metrics.json").toFile());
        JsonNode b = Json.MAPPER.readTree(dir.resolve("killed-report").resolve("metrics.json").toFile());
        assertEquals(4, b.get("epochs").asInt());
        assertEquals(a.get("steps").asDouble(), b.get("steps").asDouble());
        assertEquals(a.get("nats_per_char").asDouble(), b.get("nats_per_char").asDouble(), 1e-4,
                "the resumed run ends where the uninterrupted one did");
        String html = Files.readString(dir.resolve("killed-report").resolve("report.html"));
        assertTrue(html.contains("<td>1</td><td>0.5</td>"), "samples of the epochs before the kill are kept");
    }
}
