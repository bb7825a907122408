package org.seqlab.common.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqlab.common.cli.Cli;
import org.seqlab.common.cli.ExitCodes;
import org.seqlab.common.io.Json;

class GradientsCommandTest {
    @Test
    void writesReportChartsAndMetrics(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("grad");
        int code = Cli.run(new GradientsCommand(), "--cells", "rnn,GRU", "--steps", "6", "--hidden", "4",
                "--symbols", "3", "--batch", "2", "--train-iterations", "2", "--out", out.toString());
        assertEquals(ExitCodes.OK, code);
        assertTrue(Files.size(out.resolve("report.html")) > 0);
        for (String png : new String[] {"jacobian_init.png", "jacobian_trained.png", "gradient_norms.png"}) {
            assertTrue(Files.size(out.resolve(png)) > 0, png);
        }
        JsonNode metrics = Json.MAPPER.readTree(out.resolve("metrics.json").toFile());
        assertTrue(metrics.get("rnn_decay_per_step_init").asDouble() > 0);
        assertTrue(metrics.has("gru_grad_norm_last"));
        assertEquals(6, metrics.get("steps").asInt());
    }

    @Test
    void badOptionsExitWithCodeTwo(@TempDir Path dir) {
        assertEquals(ExitCodes.BAD_INPUT, Cli.run(new GradientsCommand(), "--cells", "rnn,tcn", "--out", dir.toString()));
        assertEquals(ExitCodes.BAD_INPUT, Cli.run(new GradientsCommand(), "--steps", "1", "--out", dir.toString()));
    }
}
