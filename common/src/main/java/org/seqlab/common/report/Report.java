package org.seqlab.common.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqlab.common.io.AtomicFiles;
import org.seqlab.common.io.Json;
import org.seqlab.common.io.OutputFile;

/**
 * An evaluation report: {@code report.html} (self-contained: PNG charts are embedded, and also kept
 * as files beside it) and {@code metrics.json} with flat keys. Charts are drawn into {@link #chartPath}
 * before {@link #write} is called. The whole folder is built in a temporary sibling and swapped in by
 * {@code write} in one step, as bundles are: a run killed before then leaves the previous report as it
 * was, never new charts beside an old page.
 */
public final class Report {
    private final String title;
    private final Path outDir;
    private final StringBuilder body = new StringBuilder();
    private final Map<String, Object> metrics = new LinkedHashMap<>();
    /** Where the report is built until {@link #write} swaps it in; null once written. */
    private Path staging;

    public Report(String title, Path outDir) throws IOException {
        this.title = title;
        this.outDir = outDir.toAbsolutePath();
        // the swap in write() replaces the folder whole: never one that holds something else
        checkTarget(outDir);
        this.staging = AtomicFiles.stagingDirectory(this.outDir);
    }

    /**
     * Checks, before any long work, that a report may be written to {@code out}: a folder (new, empty, or
     * holding an earlier report), not a file, not under a file, and writable.
     */
    public static void checkTarget(Path out) {
        OutputFile.checkFolder("--out", out, "a report", "holds no SeqLab report; SeqLab replaces only reports",
                dir -> Files.isRegularFile(dir.resolve("report.html")) || Files.isRegularFile(dir.resolve("metrics.json")));
    }

    public Path outDir() {
        return outDir;
    }

    /** Where to draw a chart that the report will show (a file beside report.html once written). */
    public Path chartPath(String fileName) {
        return (staging != null ? staging : outDir).resolve(fileName);
    }

    public Report section(String heading) {
        body.append("<h2>").append(escape(heading)).append("</h2>\n");
        return this;
    }

    public Report paragraph(String text) {
        body.append("<p>").append(escape(text)).append("</p>\n");
        return this;
    }

    /** A paragraph that links a file written beside the report ({@link #chartPath}): before, the link, after. */
    public Report paragraph(String before, String fileName, String after) {
        body.append("<p>").append(escape(before)).append(fileLink(fileName)).append(escape(after)).append("</p>\n");
        return this;
    }

    /** Key numbers shown as a row of tiles at the place of the call; also recorded in metrics.json. */
    public Report keyMetrics(Map<String, ?> values) {
        return tiles(values).metrics(values);
    }

    /** A row of tiles whose labels are for people (e.g. "accuracy, mean ± std of 3 runs"), not metric keys. */
    public Report tiles(Map<String, ?> values) {
        body.append("<div class=\"tiles\">");
        values.forEach((k, v) -> body.append("<div class=\"tile\"><div class=\"v\">").append(escape(format(v)))
                .append("</div><div class=\"k\">").append(escape(k)).append("</div></div>"));
        body.append("</div>\n");
        return this;
    }

    /** Adds flat keys to metrics.json without showing them. */
    public Report metrics(Map<String, ?> values) {
        metrics.putAll(values);
        return this;
    }

    public Report table(List<String> header, List<List<?>> rows) {
        body.append("<table><thead><tr>");
        header.forEach(h -> body.append("<th>").append(escape(h)).append("</th>"));
        body.append("</tr></thead><tbody>\n");
        for (List<?> row : rows) {
            body.append("<tr>");
            for (Object cell : row) {
                String text = format(cell);
                // a long unbroken value (provenance JSON) may wrap anywhere instead of widening the page
                body.append(text.length() > LONG_CELL ? "<td class=\"wrap\">" : "<td>").append(escape(text))
                        .append("</td>");
            }
            body.append("</tr>\n");
        }
        body.append("</tbody></table>\n");
        return this;
    }

    /** Shows a chart already drawn at {@code chartPath(fileName)}, embedded so the page opens alone. */
    public Report image(String fileName, String caption) throws IOException {
        byte[] png = Files.readAllBytes(chartPath(fileName));
        body.append("<figure><img alt=\"").append(escape(caption)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\"><figcaption>")
                .append(escape(caption)).append(" (").append(fileLink(fileName)).append(")</figcaption></figure>\n");
        return this;
    }

    /** A link to a file beside the report, named by its file name. */
    private static String fileLink(String fileName) {
        return "<a href=\"" + escape(fileName) + "\">" + escape(fileName) + "</a>";
    }

    /** Writes report.html and metrics.json beside the charts and swaps the folder in; returns the report's path. */
    public Path write() throws IOException {
        checkTarget(outDir);
        if (staging == null) {
            // written before: start again from the charts already there
            staging = AtomicFiles.stagingDirectory(outDir);
            try (var files = Files.list(outDir)) {
                for (Path file : files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
                    Files.copy(file, staging.resolve(file.getFileName()));
                }
            }
        }
        Map<String, Object> flat = new LinkedHashMap<>(metrics);
        flat.putIfAbsent("report_created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        Files.writeString(staging.resolve("metrics.json"), Json.write(flat) + "\n");
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
                + "</title>\n<style>" + STYLE + "</style></head>\n<body><h1>" + escape(title) + "</h1>\n"
                + "<p class=\"meta\">Generated " + escape(String.valueOf(flat.get("report_created")))
                + " &middot; machine-readable numbers in <a href=\"metrics.json\">metrics.json</a></p>\n"
                + body + "</body></html>\n";
        Files.writeString(staging.resolve("report.html"), html);
        AtomicFiles.swapIn(staging, outDir);
        staging = null;
        return outDir.resolve("report.html");
    }

    static String format(Object value) {
        if (value instanceof Double d) {
            return Double.isFinite(d) && Math.abs(d) >= 1000 ? String.format("%,.0f", d) : String.format("%.4f", d);
        }
        if (value instanceof Float f) {
            return format(f.doubleValue());
        }
        return String.valueOf(value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Characters from which a table cell may break anywhere. */
    private static final int LONG_CELL = 60;

    static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;"
            + "color:#222}h1{margin-bottom:0}.meta{color:#666}table{border-collapse:collapse;margin:1em 0}"
            + "th,td{border:1px solid #ddd;padding:4px 10px;text-align:left}th{background:#f4f4f4}"
            + "td{font-variant-numeric:tabular-nums}td.wrap{overflow-wrap:anywhere}figure{margin:1em 0}"
            + "img{max-width:100%;border:1px solid #eee}"
            + "figcaption{color:#555;font-size:90%}.tiles{display:flex;flex-wrap:wrap;gap:10px;margin:1em 0}"
            + ".tile{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:110px}"
            + ".tile .v{font-size:150%;font-weight:600}.tile .k{color:#666;font-size:85%}";

    /** Builds {@code index.html} in {@code reportsRoot}, linking every {@code <app>/report.html} under it. */
    public static Path writeIndex(Path reportsRoot) throws IOException {
        List<Path> reports = new ArrayList<>();
        if (Files.isDirectory(reportsRoot)) {
            try (var stream = Files.walk(reportsRoot, 3)) {
                // not the hidden folders of reports being written
                stream.filter(p -> p.getFileName().toString().equals("report.html"))
                        .filter(p -> !reportsRoot.relativize(p).toString().startsWith("."))
                        .sorted().forEach(reports::add);
            }
        }
        StringBuilder rows = new StringBuilder();
        for (Path report : reports) {
            Path rel = reportsRoot.relativize(report);
            Path metricsFile = report.resolveSibling("metrics.json");
            String summary = "";
            if (Files.exists(metricsFile)) {
                Map<?, ?> m = Json.read(metricsFile, Map.class);
                StringBuilder s = new StringBuilder();
                for (String key : List.of("accuracy", "macro_f1", "bleu", "perplexity", "bits_per_char")) {
                    if (m.get(key) != null) {
                        s.append(key).append(' ').append(format(m.get(key))).append("; ");
                    }
                }
                if (m.get("seconds") instanceof Number seconds) {
                    s.append(String.format("took %.0f s", seconds.doubleValue()));
                }
                summary = s.toString();
            }
            String name = rel.getParent() == null ? "report" : rel.getParent().toString();
            rows.append("<tr><td><a href=\"").append(escape(rel.toString().replace('\\', '/'))).append("\">")
                    .append(escape(name)).append("</a></td><td>").append(escape(summary)).append("</td></tr>\n");
        }
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>SeqLab reports</title>"
                + "<style>" + STYLE + "</style></head><body><h1>SeqLab reports</h1>\n"
                + (reports.isEmpty() ? "<p>No reports yet.</p>"
                : "<table><thead><tr><th>report</th><th>headline numbers</th></tr></thead><tbody>\n" + rows
                + "</tbody></table>") + "</body></html>\n";
        Path index = reportsRoot.resolve("index.html");
        AtomicFiles.writeString(index, html);
        return index;
    }
}
