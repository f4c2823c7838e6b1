package io.sl2a.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** The ICCV radiance-field table: each position network on each Blender scene with 25 training views (FINER's protocol). */
final class NerfExperiment implements Experiment {
    /** Each model and the options it runs with beyond the scale's (FINER's NeRF setting: no first-bias scaling). */
    static final Map<String, List<String>> MODELS = models();

    record Settings(List<Path> scenes, List<String> args, int iterations, int rays, int samples) {
    }

    private static Map<String, List<String>> models() {
        Map<String, List<String>> models = new LinkedHashMap<>();
        models.put("relu-pe", List.of());
        models.put("siren", List.of());
        models.put("finer", List.of("--first-bias-scale", "0"));
        models.put("sl2a", List.of());
        return models;
    }

    @Override
    public String name() {
        return "nerf";
    }

    @Override
    public String title() {
        return "Radiance fields (ICCV: Blender scenes, 25 views)";
    }

    static Settings settings(Scale scale, DataSources data) {
        return switch (scale) {
            case TINY -> new Settings(List.of(data.samples().resolve("nerf-bunny")), List.of("--features", "8",
                    "--color-width", "16", "--width", "16", "--layers", "1", "--grid", "0", "--downscale", "4",
                    "--test-views", "1", "--orbit", "2"), 3, 64, 8);
            case QUICK -> new Settings(List.of(data.samples().resolve("nerf-bunny")), List.of("--features", "16",
                    "--lr", "1e-3", "--grid", "0", "--width", "64", "--layers", "2"), 1000, 512, 32);
            case PAPER -> new Settings(data.blenderScenes(), List.of("--train-views", "25", "--downscale", "4",
                    "--lr", "2e-4"), 37_500, 4096, 128);
        };
    }

    @Override
    public String protocol(Scale scale, DataSources data) {
        Settings s = settings(scale, data);
        return String.format(Locale.ROOT, "Models %s (finer with FINER's NeRF setting, first bias unscaled) on %s:"
                + " %d iterations of %d rays, %d samples a ray, options %s. The paper: the eight Blender scenes, 25"
                + " training views at 200x200, 37,500 iterations of 4,096 rays.", MODELS.keySet(),
                String.join(", ", s.scenes().stream().map(p -> p.getFileName().toString()).toList()), s.iterations(),
                s.rays(), s.samples(), String.join(" ", s.args()));
    }

    @Override
    public List<Work> workload(Scale scale, DataSources data) {
        Settings s = settings(scale, data);
        double points = (double) s.scenes().size() * s.iterations() * s.rays() * s.samples();
        return MODELS.keySet().stream().map(m -> new Work(m, points)).toList();
    }

    @Override
    public Outcome run(ExperimentContext context) throws InterruptedException {
        Settings s = settings(context.scale(), context.data());
        MarkdownTable table = new MarkdownTable("scene", "model", "params", "test PSNR (dB)", "test SSIM", "train s");
        List<Claim> claims = new ArrayList<>();
        List<Figure> figures = new ArrayList<>();
        ObjectNode measured = new ObjectMapper().createObjectNode();
        for (Path scene : s.scenes()) {
            String name = scene.getFileName().toString();
            Map<String, Double> psnr = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> model : MODELS.entrySet()) {
                Path out = context.directory().resolve(name).resolve(model.getKey());
                List<String> args = new ArrayList<>(List.of("nerf", scene.toString(), "--model", model.getKey(),
                        "--iterations", Integer.toString(s.iterations()), "--rays", Integer.toString(s.rays()),
                        "--samples", Integer.toString(s.samples())));
                args.addAll(s.args());
                args.addAll(model.getValue());
                if (model.getKey().equals("sl2a") && context.scale() != Scale.PAPER) {
                    // A small field: SL2A at degree 32 and rank 32 (the size the README's NeRF table uses).
                    args.addAll(List.of("--degree", "32", "--rank", Integer.toString(Math.min(32, width(s.args())))));
                }
                context.sl2a(out, "metrics.json", args);
                JsonNode metrics = context.json(out.resolve("metrics.json"));
                double test = metrics.get("test_psnr").asDouble();
                psnr.put(model.getKey(), test);
                table.row(name, model.getKey(), metrics.path("params").asLong(), Claims.format(test, ""),
                        Claims.format(metrics.path("test_ssim").asDouble(Double.NaN), ""),
                        Claims.format(metrics.path("train_seconds").asDouble(Double.NaN), ""));
                measured.putObject(name).set(model.getKey(), metrics);
            }
            int index = List.of(PaperFigures.BLENDER_SCENES).indexOf(name.toLowerCase(Locale.ROOT));
            Map<String, Double> paper = new LinkedHashMap<>();
            PaperFigures.ICCV_NERF_PSNR.forEach((model, row) -> paper.put(model, index >= 0 ? row[index]
                    : PaperFigures.mean(row)));
            String paperOf = index >= 0 ? "" : " (paper: mean over the eight scenes)";
            String note = context.scale() == Scale.PAPER ? "FINER's protocol" : context.scale().label() + " scale: "
                    + s.iterations() + " iterations";
            claims.add(Claims.best("SL2A has the best test PSNR on " + name + paperOf, "ICCV NeRF table", "sl2a", paper,
                    psnr, "dB", note));
            claims.add(Claims.absolute("SL2A's test PSNR on " + name + paperOf, "ICCV NeRF table", paper.get("sl2a"),
                    psnr.get("sl2a"), Claims.PSNR_TOLERANCE_DB, "dB", context.scale() == Scale.PAPER && index >= 0,
                    index >= 0 ? note : "not a Blender scene; " + note));
            Path view = firstTestView(context.directory().resolve(name).resolve("sl2a").resolve("test"));
            if (view != null) {
                figures.add(new Figure(context.reportPath(view), "SL2A's rendering of a test view of " + name));
            }
        }
        return new Outcome(table.toString(), figures, claims, measured);
    }

    private static int width(List<String> args) {
        int at = args.indexOf("--width");
        return at < 0 ? 256 : Integer.parseInt(args.get(at + 1));
    }

    private static Path firstTestView(Path folder) {
        if (!Files.isDirectory(folder)) {
            return null;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".png")).sorted().findFirst().orElse(null);
        } catch (IOException e) {
            return null;
        }
    }
}
