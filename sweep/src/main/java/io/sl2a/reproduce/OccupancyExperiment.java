package io.sl2a.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sl2a.tasks.plot.LinePlot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The ICCV occupancy table: each model fitted to each closed mesh's voxels, IoU. */
final class OccupancyExperiment implements Experiment {
    static final List<String> MODELS = List.of("finer", "gauss", "relu-pe", "siren", "sl2a");

    record Settings(List<Path> meshes, int resolution, int epochs, int batch) {
    }

    @Override
    public String name() {
        return "occupancy";
    }

    @Override
    public String title() {
        return "Occupancy (ICCV)";
    }

    static Settings settings(Scale scale, DataSources data) {
        return switch (scale) {
            case TINY -> new Settings(List.of(data.sample("bunny.off")), 16, 2, 1024);
            case QUICK -> new Settings(List.of(data.sample("bunny.off")), 64, 15, 16384);
            case PAPER -> new Settings(data.meshFiles(), 512, 60, 200_000);
        };
    }

    @Override
    public String protocol(Scale scale, DataSources data) {
        Settings s = settings(scale, data);
        return String.format(Locale.ROOT, "Models %s, each at its own learning rate, on %s voxelised at %d^3, %d epochs,"
                + " batch %d, IoU every epoch. The paper: the Stanford scans (Armadillo, Dragon, Lucy, Thai Statue,"
                + " Bearded Man) at 512^3.", MODELS, names(s.meshes()), s.resolution(), s.epochs(), s.batch());
    }

    @Override
    public List<Work> workload(Scale scale, DataSources data) {
        Settings s = settings(scale, data);
        double points = (double) s.meshes().size() * s.epochs() * Math.pow(s.resolution(), 3);
        return MODELS.stream().map(m -> new Work(m, points)).toList();
    }

    @Override
    public Outcome run(ExperimentContext context) throws InterruptedException {
        Settings s = settings(context.scale(), context.data());
        Map<String, Map<String, JsonNode>> byMesh = new LinkedHashMap<>();
        for (Path mesh : s.meshes()) {
            String shape = stem(mesh);
            for (String model : MODELS) {
                Path out = context.directory().resolve(shape).resolve(model);
                context.sl2a(out, "metrics.json", "occupancy", mesh.toString(), "--model", model, "--resolution",
                        Integer.toString(s.resolution()), "--epochs", Integer.toString(s.epochs()), "--batch",
                        Integer.toString(s.batch()), "--iou-every", "1");
                byMesh.computeIfAbsent(shape, k -> new LinkedHashMap<>()).put(model, context.json(out.resolve("metrics.json")));
            }
        }
        MarkdownTable table = new MarkdownTable("shape", "model", "params", "IoU", "train s");
        List<Claim> claims = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        ObjectNode measured = new ObjectMapper().createObjectNode();
        boolean paperScale = context.scale() == Scale.PAPER;
        String note = paperScale ? "at 512^3" : context.scale().label() + " scale: " + s.resolution() + "^3, " + s.epochs()
                + " epochs";
        for (Map.Entry<String, Map<String, JsonNode>> mesh : byMesh.entrySet()) {
            Map<String, Double> iou = new LinkedHashMap<>();
            Map<String, double[][]> curves = new LinkedHashMap<>();
            ObjectNode shapeNode = measured.putObject(mesh.getKey());
            mesh.getValue().forEach((model, metrics) -> {
                iou.put(model, metrics.get("iou").asDouble());
                table.row(mesh.getKey(), model, metrics.get("params").asLong(),
                        Claims.format(metrics.get("iou").asDouble(), ""),
                        Claims.format(metrics.get("train_seconds").asDouble(), ""));
                curves.put(model, curve(metrics.path("iou_per_epoch")));
                shapeNode.putObject(model).put("iou", metrics.get("iou").asDouble())
                        .put("train_seconds", metrics.get("train_seconds").asDouble())
                        .set("iou_per_epoch", metrics.path("iou_per_epoch"));
            });
            int paperIndex = paperShape(mesh.getKey());
            Map<String, Double> paperIou = new LinkedHashMap<>();
            PaperFigures.ICCV_OCCUPANCY_IOU.forEach((model, row) -> paperIou.put(model,
                    paperIndex >= 0 ? row[paperIndex] : PaperFigures.mean(row)));
            String paperOf = paperIndex >= 0 ? "" : " (paper: mean over its five shapes)";
            claims.add(Claims.best("SL2A has the highest IoU on " + mesh.getKey() + paperOf, "ICCV occupancy table", "sl2a",
                    paperIou, iou, "", note));
            claims.add(Claims.absolute("SL2A's IoU on " + mesh.getKey() + paperOf, "ICCV occupancy table",
                    paperIou.get("sl2a"), iou.getOrDefault("sl2a", Double.NaN), 0.002, "",
                    paperScale && paperIndex >= 0, paperIndex >= 0 ? note : "not one of the paper's shapes; " + note));
            Path png = context.directory().resolve(mesh.getKey() + "-iou.png");
            try {
                LinePlot.write(curves, "IoU against epoch: " + mesh.getKey(), "epoch", "IoU", false, false, png);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            figures.add(new Figure(context.reportPath(png), "IoU against epoch on " + mesh.getKey()));
            figures.add(new Figure(context.reportPath(context.directory().resolve(mesh.getKey()).resolve("sl2a")
                    .resolve("preview.png")), "SL2A's occupancy on " + mesh.getKey() + " (marching cubes) beside the voxels"));
        }
        return new Outcome(table.toString(), figures, claims, measured);
    }

    /** {epochs, ious} of a metrics.json's iou_per_epoch. */
    static double[][] curve(JsonNode history) {
        double[] x = new double[history.size()];
        double[] y = new double[history.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = history.get(i).get("epoch").asDouble();
            y[i] = history.get(i).get("iou").asDouble();
        }
        return new double[][] {x, y};
    }

    private static int paperShape(String shape) {
        String lower = shape.toLowerCase(Locale.ROOT);
        for (int i = 0; i < PaperFigures.OCCUPANCY_SHAPES.length; i++) {
            if (lower.contains(PaperFigures.OCCUPANCY_SHAPES[i])) {
                return i;
            }
        }
        return -1;
    }

    private static String names(List<Path> files) {
        return String.join(", ", files.stream().map(OccupancyExperiment::stem).toList());
    }

    static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
    }
}
