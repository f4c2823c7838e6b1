package io.sl2a.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One finished image fit, as {@code compare}, {@code ablation} or a sweep recorded it.
 *
 * @param signal the image's name
 * @param model the model's name or the variant's label
 * @param psnr final PSNR (NaN: diverged or failed)
 * @param seconds training time
 * @param curve PSNR per epoch
 * @param run the fit's directory (its reconstruction.png), or null
 */
public record FitRow(String signal, String model, double psnr, double ssim, long params, double seconds,
        double[] curve, Path run) {

    /** The rows of a {@code compare} or {@code ablation} results.json in {@code out}. */
    public static List<FitRow> ofComparison(JsonNode results, Path out) {
        List<FitRow> rows = new ArrayList<>();
        for (JsonNode run : results.get("runs")) {
            boolean diverged = run.path("diverged").asBoolean(false);
            String model = run.get("model").asText();
            rows.add(new FitRow(run.get("image").asText(), model,
                    diverged ? Double.NaN : run.get("psnr").asDouble(), diverged ? Double.NaN : run.get("ssim").asDouble(),
                    run.get("params").asLong(), run.path("train_seconds").asDouble(Double.NaN), curve(run),
                    out.resolve("runs").resolve(run.get("image").asText()).resolve(model.replace(' ', '-'))));
        }
        return rows;
    }

    /** The rows of a sweep's results.json in {@code out} whose run lies under {@code stage} ("final/", "" for all). */
    public static List<FitRow> ofSweep(JsonNode results, Path out, String stage, ExperimentContext context) {
        List<FitRow> rows = new ArrayList<>();
        for (JsonNode job : results) {
            String run = job.get("run").asText();
            if (!run.startsWith(stage) || job.get("status").asText().equals("failed")) {
                continue;
            }
            Path directory = out.resolve(run);
            double[] curve = curve(context.json(directory.resolve("metrics.json")));
            rows.add(new FitRow(job.get("signal").asText(), job.get("model").asText(), job.get("psnr").asDouble(),
                    job.get("ssim").asDouble(), job.get("params").asLong(), job.get("seconds").asDouble(), curve,
                    directory));
        }
        return rows;
    }

    private static double[] curve(JsonNode node) {
        JsonNode values = node.path("psnr_per_epoch");
        double[] curve = new double[values.size()];
        for (int i = 0; i < curve.length; i++) {
            curve[i] = values.get(i).asDouble();
        }
        return curve;
    }

    /** Per model (in first-seen order) the mean of {@code value} over its rows; NaN if any row is NaN. */
    public static Map<String, Double> meanBy(List<FitRow> rows, ToDoubleFunction<FitRow> value) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (FitRow row : rows) {
            double[] sum = sums.computeIfAbsent(row.model(), m -> new double[2]);
            sum[0] += value.applyAsDouble(row);
            sum[1]++;
        }
        Map<String, Double> means = new LinkedHashMap<>();
        sums.forEach((model, sum) -> means.put(model, sum[0] / sum[1]));
        return means;
    }

    /** Per model the mean PSNR curve over its rows (the shortest length). */
    public static Map<String, double[]> meanCurves(List<FitRow> rows) {
        Map<String, List<double[]>> byModel = new LinkedHashMap<>();
        rows.forEach(r -> byModel.computeIfAbsent(r.model(), m -> new ArrayList<>()).add(r.curve()));
        Map<String, double[]> means = new LinkedHashMap<>();
        byModel.forEach((model, curves) -> {
            int length = curves.stream().mapToInt(c -> c.length).min().orElse(0);
            double[] mean = new double[length];
            for (double[] c : curves) {
                for (int i = 0; i < length; i++) {
                    mean[i] += c[i] / curves.size();
                }
            }
            means.put(model, mean);
        });
        return means;
    }
}
