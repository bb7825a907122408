package org.seqlab.bench;

import java.util.List;
import java.util.Locale;

/** The benchmark rows as a fixed-width text table. */
final class BenchTable {
    /** The columns after "kind"; the second column ("cell", or the app or model) is as wide as its longest value. */
    private static final String FORMAT = "%-7s %-{cell}s %-7s %6s %6s %7s %10s %8s %8s %7s %7s %9s %9s %8s %8s %5s%n";

    private BenchTable() {
    }

    static String render(List<BenchRow> rows) {
        int cellWidth = rows.stream().mapToInt(row -> cellOf(row).length()).max().orElse(0);
        String format = FORMAT.replace("{cell}", String.valueOf(Math.max("cell".length() + 1, cellWidth)));
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, format, "kind", "cell", "impl", "hidden",
                "layers", "threads", "tokens/s", "spread%", "cpu ms", "x torch", "cpu x", "p50 ms", "p99 ms", "RSS MB", "offheap", "load"));
        for (BenchRow row : rows) {
            table.append(String.format(Locale.ROOT, format, row.kind(), cellOf(row), text(row.impl()), text(row.hidden()), text(row.layers()),
                    row.threads(), number(row.tokensPerSecond(), 0), number(row.spreadPercent(), 0), number(row.cpuMsPerStep(), 0),
                    number(row.ratioVsTorch(), 2), number(row.cpuRatioVsTorch(), 2), number(row.latencyP50Ms(), 2), number(row.latencyP99Ms(), 2),
                    megabytes(row.peakRssBytes()), megabytes(row.offHeapPeakBytes()), number(row.load1m(), 1)));
        }
        return table.toString();
    }

    private static String cellOf(BenchRow row) {
        return row.cell() == null ? text(row.model()) : row.cell();
    }

    /** One row as a progress line. */
    static String describe(BenchRow row) {
        String what = row.kind() + " " + (row.model() != null ? row.model() : row.cell() + "/" + row.impl())
                + (row.hidden() != null ? " hidden " + row.hidden() : "") + ", " + row.threads() + " thread(s): ";
        return what + ("latency".equals(row.kind())
                ? "p50 " + number(row.latencyP50Ms(), 2) + " ms, p99 " + number(row.latencyP99Ms(), 2) + " ms"
                        + (row.inputsPerSecond() != null ? ", batched " + number(row.inputsPerSecond(), 0) + " inputs/s" : "")
                        + (row.latencyCpuP50Ms() != null ? ", thread CPU p50 " + number(row.latencyCpuP50Ms(), 2) + " ms" : "")
                        + (row.latencyColdP50Ms() != null ? "; cold: first " + number(row.latencyFirstMs(), 1)
                                + " ms, p50 " + number(row.latencyColdP50Ms(), 2) + " ms" : "")
                : number(row.tokensPerSecond(), 0) + " tokens/s") + " (load " + number(row.load1m(), 1) + ")"
                + (row.userSeconds() != null && row.userSeconds() > 0
                        ? String.format(Locale.ROOT, ", system time %.0f%% of user", 100 * row.systemSeconds() / row.userSeconds())
                        : "");
    }

    private static String text(Object value) {
        return value == null ? "-" : value.toString();
    }

    private static String number(Double value, int decimals) {
        return value == null ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String megabytes(Long bytes) {
        return bytes == null || bytes < 0 ? "-" : String.format(Locale.ROOT, "%.0f", bytes / 1048576.0);
    }
}
