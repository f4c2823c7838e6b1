package io.sl2a.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paper's convergence figures: SL2A converges fastest in image fitting and in occupancy. Read
 * from the curves of the image and occupancy experiments (it trains nothing of its own).
 */
final class ConvergenceExperiment implements Experiment {
    /** Where along training the curves are compared: a tenth, a quarter and half of the epochs. */
    static final double[] POINTS = {0.1, 0.25, 0.5};

    @Override
    public String name() {
        return "convergence";
    }

    @Override
    public String title() {
        return "Convergence (the paper's convergence figures)";
    }

    @Override
    public List<String> needs() {
        return List.of("image", "occupancy");
    }

    @Override
    public String protocol(Scale scale, DataSources data) {
        return "The curves of the image experiment's final fits (mean PSNR against epoch) and of the occupancy"
                + " experiment (IoU against epoch), compared at 10%, 25% and 50% of training.";
    }

    @Override
    public List<Work> workload(Scale scale, DataSources data) {
        return List.of();
    }

    @Override
    public Outcome run(ExperimentContext context) {
        Outcome image = context.outcomeOf("image");
        Outcome occupancy = context.outcomeOf("occupancy");
        Map<String, double[]> psnr = imageCurves(context, image.measured().get("runs"));
        List<Claim> claims = new ArrayList<>();
        MarkdownTable table = new MarkdownTable("task", "model", "at 10%", "at 25%", "at 50%");
        claims.add(claim("image fitting (mean PSNR)", psnr, table, context));
        occupancy.measured().fields().forEachRemaining(shape -> {
            Map<String, double[]> iou = new LinkedHashMap<>();
            shape.getValue().fields().forEachRemaining(m -> iou.put(m.getKey(),
                    OccupancyExperiment.curve(m.getValue().path("iou_per_epoch"))[1]));
            claims.add(claim("occupancy of " + shape.getKey() + " (IoU)", iou, table, context));
        });
        List<Figure> figures = new ArrayList<>();
        figures.addAll(image.figures().stream().filter(f -> f.path().endsWith("convergence.png")).toList());
        figures.addAll(occupancy.figures().stream().filter(f -> f.path().endsWith("-iou.png")).toList());
        ObjectNode measured = new ObjectMapper().createObjectNode();
        psnr.forEach((model, curve) -> {
            var array = measured.putObject("image").putArray(model);
            for (double v : curve) {
                array.add(v);
            }
        });
        return new Outcome(table.toString(), figures, claims, measured);
    }

    private static Claim claim(String task, Map<String, double[]> curves, MarkdownTable table, ExperimentContext context) {
        int first = 0;
        StringBuilder leaders = new StringBuilder();
        for (double point : POINTS) {
            Map<String, Double> at = new LinkedHashMap<>();
            curves.forEach((model, curve) -> at.put(model, curve.length == 0 ? Double.NaN
                    : curve[Math.min(curve.length - 1, (int) Math.floor(point * curve.length))]));
            String leader = Claims.argmax(at);
            first += "sl2a".equals(leader) ? 1 : 0;
            leaders.append(leaders.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%.0f%%: %s", 100 * point,
                    leader));
        }
        curves.forEach((model, curve) -> table.row(task, model, at(curve, 0.1), at(curve, 0.25), at(curve, 0.5)));
        return new Claim("SL2A converges fastest in " + task + " (highest at 10%, 25% and 50% of training)",
                "the paper's convergence figures", "SL2A fastest", "first at " + first + " of 3 points (" + leaders + ")",
                "", Verdict.of(first == POINTS.length), context.scale().label() + " scale; epochs, not steps: each"
                        + " model at its own batch");
    }

    private static String at(double[] curve, double point) {
        return curve.length == 0 ? "n/a" : Claims.format(curve[Math.min(curve.length - 1,
                (int) Math.floor(point * curve.length))], "");
    }

    /** Mean PSNR curve per model over the image experiment's final runs. */
    private static Map<String, double[]> imageCurves(ExperimentContext context, JsonNode runs) {
        List<FitRow> rows = new ArrayList<>();
        for (JsonNode run : runs) {
            JsonNode metrics = context.json(context.reportFile(run.get("run").asText()).resolve("metrics.json"));
            JsonNode values = metrics.path("psnr_per_epoch");
            double[] curve = new double[values.size()];
            for (int i = 0; i < curve.length; i++) {
                curve[i] = values.get(i).asDouble();
            }
            rows.add(new FitRow(run.get("signal").asText(), run.get("model").asText(), Double.NaN, Double.NaN, 0, 0,
                    curve, null));
        }
        return FitRow.meanCurves(rows);
    }
}
