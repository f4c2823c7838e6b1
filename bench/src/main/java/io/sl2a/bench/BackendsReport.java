package io.sl2a.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.bench.jmh.KernelWork;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * The kernel study of {@code bench/backends.sh}: from its JMH results ({@code kernels.json}), the
 * end-to-end runs ({@code end-to-end/java-BACKEND.json}) and the sgemm peak
 * ({@code end-to-end/sgemm.json}), writes {@code report.md} (ms per call and GFLOP/s or GB/s per
 * kernel and backend beside the peak, end-to-end samples/s, the generated kernel's file) and
 * {@code kernels.png} (ms per call per kernel and backend, log scale).
 *
 * <pre>java ... io.sl2a.bench.BackendsReport OUT</pre>
 */
public final class BackendsReport {
    private BackendsReport() {
    }

    private record Row(String kernel, String benchmark, Map<String, Double> msByBackend, KernelWork work) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: BackendsReport OUT (the folder bench/backends.sh wrote)");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        ObjectMapper json = new ObjectMapper();
        Map<String, Row> rows = new LinkedHashMap<>();
        Set<String> backends = new LinkedHashSet<>();
        Path kernels = out.resolve("kernels.json");
        if (Files.isRegularFile(kernels)) {
            for (JsonNode r : json.readTree(kernels.toFile())) {
                Map<String, String> params = new LinkedHashMap<>();
                r.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
                String backend = params.getOrDefault("backend", "cpu");
                String[] parts = r.get("benchmark").asText().split("\\.");
                String simple = parts[parts.length - 2];
                StringBuilder label = new StringBuilder(simple.replace("Bench", ""));
                params.forEach((k, v) -> {
                    if (!k.equals("backend") && !k.equals("threads") && !k.equals("gemm")) {
                        label.append(' ').append(k).append('=').append(v);
                    }
                });
                backends.add(backend);
                Row row = rows.computeIfAbsent(label.toString(), l -> new Row(l, simple, new LinkedHashMap<>(),
                        KernelWork.of(simple, params::get)));
                row.msByBackend().put(backend, r.path("primaryMetric").path("score").asDouble());
            }
        }
        Path sgemm = out.resolve("end-to-end").resolve("sgemm.json");
        double peak = readNumber(json, sgemm, "gflops");
        String peakLabel = readText(json, sgemm, "label", "OpenBLAS sgemm, 2048^3, on the same cores");
        Map<String, Double> endToEnd = new LinkedHashMap<>();
        for (String backend : List.of("cpu", "opencl", "tornado")) {
            double v = readNumber(json, out.resolve("end-to-end").resolve("java-" + backend + ".json"), "samples_per_second");
            if (!Double.isNaN(v)) {
                endToEnd.put(backend, v);
            }
        }
        Files.writeString(out.resolve("report.md"), markdown(rows, backends, peak, peakLabel, endToEnd, out));
        if (!rows.isEmpty()) {
            chart(rows, backends, out.resolve("kernels.png"));
        }
        System.err.println("backends: wrote " + out.resolve("report.md") + (rows.isEmpty() ? "" : " and kernels.png"));
    }

    private static double readNumber(ObjectMapper json, Path file, String field) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) == 0) {
                return Double.NaN;
            }
            JsonNode node = json.readTree(file.toFile());
            return node != null && node.has(field) ? node.get(field).asDouble() : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** A text field of a JSON file, or {@code otherwise} where the file or the field is missing. */
    private static String readText(ObjectMapper json, Path file, String field, String otherwise) {
        try {
            JsonNode node = Files.isRegularFile(file) && Files.size(file) > 0 ? json.readTree(file.toFile()) : null;
            return node != null && node.hasNonNull(field) ? node.get(field).asText() : otherwise;
        } catch (IOException e) {
            return otherwise;
        }
    }

    private static String markdown(Map<String, Row> rows, Set<String> backends, double peak, String peakLabel,
            Map<String, Double> endToEnd, Path out) {
        StringBuilder md = new StringBuilder("# Kernel study: the backends on one device\n\n");
        md.append(String.format(Locale.ROOT, "Device peak (%s): %s GFLOP/s.%n%n", peakLabel,
                Double.isNaN(peak) ? "not measured" : String.format(Locale.ROOT, "%.1f", peak)));
        md.append("| kernel |");
        for (String b : backends) {
            md.append(' ').append(b).append(" ms |");
        }
        for (String b : backends) {
            md.append(' ').append(b).append(" rate |");
        }
        if (backends.contains("tornado") && backends.contains("opencl")) {
            md.append(" tornado / opencl |");
        }
        md.append('\n').append("|---|").append("---:|".repeat(2 * backends.size()));
        if (backends.contains("tornado") && backends.contains("opencl")) {
            md.append("---:|");
        }
        md.append('\n');
        for (Row row : rows.values()) {
            md.append("| ").append(row.kernel()).append(" |");
            for (String b : backends) {
                Double ms = row.msByBackend().get(b);
                md.append(ms == null ? " failed |" : String.format(Locale.ROOT, " %.3f |", ms));
            }
            for (String b : backends) {
                md.append(' ').append(rate(row, row.msByBackend().get(b), peak)).append(" |");
            }
            if (backends.contains("tornado") && backends.contains("opencl")) {
                Double t = row.msByBackend().get("tornado");
                Double o = row.msByBackend().get("opencl");
                md.append(t == null || o == null ? " - |" : String.format(Locale.ROOT, " %.2fx |", t / o));
            }
            md.append('\n');
        }
        md.append("\nRates: GFLOP/s (and the share of the peak) for the products, GB/s of compulsory traffic for the"
                + " memory-bound kernels (io.sl2a.bench.jmh.KernelWork). Each JMH call ends with a blocking read.\n\n");
        if (!endToEnd.isEmpty()) {
            md.append("End to end (bench/end-to-end.sh, the reduced network): ");
            List<String> parts = new ArrayList<>();
            endToEnd.forEach((b, v) -> parts.add(String.format(Locale.ROOT, "%s %,.0f samples/s", b, v)));
            md.append(String.join(", ", parts));
            if (endToEnd.containsKey("tornado") && endToEnd.containsKey("opencl")) {
                md.append(String.format(Locale.ROOT, " (tornado / opencl %.2fx)", endToEnd.get("tornado") / endToEnd.get("opencl")));
            }
            md.append(".\n\n");
        }
        if (Files.isRegularFile(out.resolve("tornado-kernel.cl"))) {
            md.append("TornadoVM's generated OpenCL for the product kernel: `tornado-kernel.cl`.\n\n");
        }
        md.append("![ms per call](kernels.png)\n");
        return md.toString();
    }

    private static String rate(Row row, Double ms, double peak) {
        if (ms == null || row.work() == null || !(ms > 0)) {
            return "-";
        }
        double seconds = ms / 1e3;
        if (row.work().flops() > 0) {
            double gflops = row.work().flops() / seconds / 1e9;
            return Double.isNaN(peak) ? String.format(Locale.ROOT, "%.1f GFLOP/s", gflops)
                    : String.format(Locale.ROOT, "%.1f GFLOP/s (%.0f%%)", gflops, 100 * gflops / peak);
        }
        return String.format(Locale.ROOT, "%.2f GB/s", row.work().bytes() / seconds / 1e9);
    }

    private static void chart(Map<String, Row> rows, Set<String> backends, Path png) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(1100).height(600).title("ms per call (log scale)")
                .xAxisTitle("kernel").yAxisTitle("ms").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisLogarithmic(true);
        // Bars start at zero, which a log axis cannot show: one marker per kernel and backend instead.
        chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(12);
        chart.getStyler().setXAxisLabelRotation(30);
        List<String> labels = new ArrayList<>();
        for (Row row : rows.values()) {
            labels.add(row.kernel().length() > 40 ? row.kernel().substring(0, 40) : row.kernel());
        }
        for (String backend : backends) {
            List<Double> values = new ArrayList<>();
            for (Row row : rows.values()) {
                Double ms = row.msByBackend().get(backend);
                values.add(ms == null ? Double.NaN : ms);
            }
            chart.addSeries(backend, labels, values);
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
