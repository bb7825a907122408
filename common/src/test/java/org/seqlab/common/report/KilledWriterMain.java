package org.seqlab.common.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.seqlab.common.io.AtomicFiles;

/**
 * A process to be killed by {@link KilledWritesTest}: it writes a report with a chart drawn, and a folder (a model
 * bundle) that replaces an earlier one, and stops for a minute just before the folder is swapped in.
 */
public final class KilledWriterMain {
    private KilledWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path model = Path.of(args[1]);
        Report report = new Report("killed", out);
        Charts.bar(report.chartPath("chart.png"), "t", "x", "y", List.of("a"), Map.of("s", new double[] {1}));
        AtomicFiles.writeDirectory(model, tmp -> {
            java.nio.file.Files.writeString(tmp.resolve("half.txt"), "half a bundle");
            System.out.println("ready");
            System.out.flush();
            sleep();
        });
    }

    private static void sleep() {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
