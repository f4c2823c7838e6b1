package io.sl2a.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.plot.ConvergencePlot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paper's image-fitting table: every baseline's learning rate and batch chosen by a grid
 * search on tuning images (best mean PSNR), SL2A at ReLU+PE's choice (the paper's rule), then the
 * final fits. Runs on the sweep engine: one sweep for the baselines' grid and finals, one for SL2A.
 */
final class ImageExperiment implements Experiment {
    /** The ICCV table's six methods and the preprint's MFN and INCODE; SL2A takes relu-pe's setting. */
    static final List<String> BASELINES = List.of("wire", "siren", "gauss", "relu-pe", "finer", "mfn-fourier", "incode");
    static final String SL2A = "sl2a";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The settings at one scale. */
    /**
     * @param tuningDownscale how much the grid search shrinks the tuning images
     * @param downscale how much the final fits shrink theirs
     */
    record Settings(Map<String, Path> tuning, Map<String, Path> finals, int tuningDownscale, int downscale,
            List<Double> lrs, List<Integer> batches, int gridEpochs, int finalEpochs, long tuningPoints,
            long pointsPerImage) {
    }

    @Override
    public String name() {
        return "image";
    }

    @Override
    public String title() {
        return "Image fitting (ICCV Table 1, preprint Table 1)";
    }

    static Settings settings(Scale scale, DataSources data) {
        return switch (scale) {
            case TINY -> new Settings(named(data, "camera.png"), named(data, "camera.png"), 8, 8, List.of(1e-3, 1e-2),
                    List.of(256), 2, 3, 32 * 32, 32 * 32);
            case QUICK -> new Settings(named(data, "astronaut.png", "camera.png"), named(data, "astronaut.png",
                    "rocket.png"), 4, 2, List.of(1e-4, 1e-3, 1e-2), List.of(1024), 30, 100, 64 * 64, 128 * 128);
            case PAPER -> {
                List<Path> div2k = data.div2kImages();
                yield new Settings(named(div2k.subList(0, Math.min(5, div2k.size()))),
                        named(div2k.subList(0, Math.min(16, div2k.size()))), 1, 1, List.of(1e-4, 1e-3, 1e-2),
                        List.of(32 * 32, 64 * 64, 128 * 128, 256 * 256), 500, 500, 512 * 512, 512 * 512);
            }
        };
    }

    @Override
    public String protocol(Scale scale, DataSources data) {
        Settings s = settings(scale, data);
        String grid = String.format(Locale.ROOT, "lr in %s x batch in %s on %d tuning image(s) (%s)%s, %d epochs each;"
                + " per baseline the setting of best mean PSNR; SL2A at relu-pe's choice; then %d epochs on %d image(s)"
                + " (%s)%s.", s.lrs(), s.batches(), s.tuning().size(), String.join(", ", s.tuning().keySet()),
                shrunk(s.tuningDownscale()), s.gridEpochs(), s.finalEpochs(), s.finals().size(),
                String.join(", ", s.finals().keySet()), shrunk(s.downscale()));
        return switch (scale) {
            case PAPER -> "The paper's protocol: " + grid + " The images are used as given: the paper's are DIV2K"
                    + " at 512x512. Models: " + BASELINES + " and sl2a.";
            default -> "Reduced: " + grid + " The paper: lr {1e-4, 1e-3, 1e-2} x batch {32^2, 64^2, 128^2, 256^2}"
                    + " on 5 DIV2K images, then 500 epochs on 16 DIV2K images at 512x512. Models: " + BASELINES
                    + " and sl2a.";
        };
    }

    private static String shrunk(int factor) {
        return factor > 1 ? " shrunk " + factor + "x by area averaging" : "";
    }

    @Override
    public List<Work> workload(Scale scale, DataSources data) {
        Settings s = settings(scale, data);
        double grid = (double) s.lrs().size() * s.batches().size() * s.tuning().size() * s.gridEpochs()
                * s.tuningPoints();
        double finals = (double) s.finals().size() * s.finalEpochs() * s.pointsPerImage();
        List<Work> work = new ArrayList<>();
        BASELINES.forEach(m -> work.add(new Work(m, grid + finals)));
        work.add(new Work(SL2A, finals));
        return work;
    }

    @Override
    public Outcome run(ExperimentContext context) throws InterruptedException {
        Settings s = settings(context.scale(), context.data());
        Path dir = context.directory();
        ObjectNode plan = JSON.createObjectNode();
        paths(plan.putArray("signals"), s.tuning());
        BASELINES.forEach(plan.putArray("models")::add);
        ObjectNode grid = plan.putObject("grid");
        s.lrs().forEach(grid.putArray("lr")::add);
        s.batches().forEach(grid.putArray("batch")::add);
        plan.put("epochs", s.gridEpochs());
        plan.put("downscale", s.tuningDownscale());
        plan.put("select", true);
        ObjectNode finalStage = plan.putObject("final");
        paths(finalStage.putArray("signals"), s.finals());
        finalStage.put("epochs", s.finalEpochs());
        finalStage.put("downscale", s.downscale());
        Path baselines = dir.resolve("baselines");
        context.sl2a(baselines, "results.json", "sweep", write(plan, dir.resolve("baselines.json")).toString());

        JsonNode selected = context.json(baselines.resolve("selected.json"));
        JsonNode reluPe = selected.path("relu-pe").path("setting");
        if (reluPe.isMissingNode()) {
            throw new ExperimentFailure("relu-pe has no selected setting (every grid setting failed on some image);"
                    + " SL2A takes relu-pe's, so it cannot run", 1);
        }
        ObjectNode sl2aPlan = JSON.createObjectNode();
        paths(sl2aPlan.putArray("signals"), s.finals());
        sl2aPlan.putArray("models").add(SL2A);
        reluPe.fields().forEachRemaining(e -> sl2aPlan.set(e.getKey(), e.getValue()));
        sl2aPlan.put("epochs", s.finalEpochs());
        sl2aPlan.put("downscale", s.downscale());
        Path sl2a = dir.resolve("sl2a");
        context.sl2a(sl2a, "results.json", "sweep", write(sl2aPlan, dir.resolve("sl2a.json")).toString());

        List<FitRow> rows = new ArrayList<>(FitRow.ofSweep(context.json(baselines.resolve("results.json")), baselines,
                "final/", context));
        rows.addAll(FitRow.ofSweep(context.json(sl2a.resolve("results.json")), sl2a, "", context));
        return outcome(context, s, rows, selected);
    }

    private Outcome outcome(ExperimentContext context, Settings s, List<FitRow> rows, JsonNode selected) {
        Path dir = context.directory();
        List<String> models = new ArrayList<>(BASELINES);
        models.add(SL2A);
        Map<String, Double> psnr = FitRow.meanBy(rows, FitRow::psnr);
        Map<String, Double> ssim = FitRow.meanBy(rows, FitRow::ssim);
        Map<String, Double> params = paramsOnColour(rows);
        MarkdownTable table = new MarkdownTable("model", "lr, batch (chosen)", "params (K)", "mean PSNR (dB)",
                "mean SSIM", "paper PSNR", "paper SSIM");
        for (String model : models) {
            JsonNode setting = selected.path(model.equals(SL2A) ? "relu-pe" : model).path("setting");
            table.row(model + (model.equals(SL2A) ? " (relu-pe's setting)" : ""),
                    setting.path("lr").asText("?") + ", " + setting.path("batch").asText("?"),
                    Claims.format(params.getOrDefault(model, Double.NaN) / 1000, ""),
                    Claims.format(psnr.getOrDefault(model, Double.NaN), ""),
                    Claims.format(ssim.getOrDefault(model, Double.NaN), ""),
                    Claims.format(PaperFigures.ICCV_IMAGE_PSNR.getOrDefault(model, Double.NaN), ""),
                    Claims.format(PaperFigures.ICCV_IMAGE_SSIM.getOrDefault(model, Double.NaN), ""));
        }
        Path grid = dir.resolve("grid.png");
        ReconstructionGrid.write(s.finals(), s.downscale(), rows, models, grid);
        Path curves = dir.resolve("convergence.png");
        try {
            ConvergencePlot.writePsnrCurves(FitRow.meanCurves(rows), "Mean PSNR over the final images", curves);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        boolean paper = context.scale() == Scale.PAPER;
        String note = paper ? "paper protocol on the given images" : context.scale().label() + " scale: "
                + s.finals().size() + " image(s) at " + (s.pointsPerImage() == 128 * 128 ? "about 128x128" : "reduced size")
                + ", " + s.finalEpochs() + " epochs";
        Map<String, Double> iccvPsnr = only(psnr, PaperFigures.ICCV_IMAGE_PSNR.keySet());
        Map<String, Double> iccvSsim = only(ssim, PaperFigures.ICCV_IMAGE_SSIM.keySet());
        List<Claim> claims = new ArrayList<>();
        claims.add(Claims.best("SL2A has the best mean PSNR of the six ICCV methods", "ICCV Table 1", SL2A,
                PaperFigures.ICCV_IMAGE_PSNR, iccvPsnr, "dB", note));
        claims.add(Claims.best("SL2A has the best mean SSIM of the six ICCV methods", "ICCV Table 1", SL2A,
                PaperFigures.ICCV_IMAGE_SSIM, iccvSsim, "", note));
        String best = Claims.runnerUp(psnr, SL2A);
        double margin = best == null ? Double.NaN : psnr.get(SL2A) - psnr.get(best);
        Claim marginClaim = Claims.exceeds("SL2A is about 11 dB above the best baseline (INCODE in the preprint)",
                "preprint, text", PaperFigures.PREPRINT_IMAGE_MARGIN_DB, margin, "dB", note);
        boolean aboutEleven = !Double.isNaN(margin) && margin >= PaperFigures.PREPRINT_IMAGE_MARGIN_DB - 2;
        claims.add(new Claim(marginClaim.statement(), marginClaim.source(), marginClaim.paper(),
                marginClaim.ours() + (best == null ? "" : " over " + best), marginClaim.difference(),
                Double.isNaN(margin) ? Verdict.NOT_COMPARABLE : Verdict.of(aboutEleven),
                "holds from 9 dB up; " + note));
        for (String model : PaperFigures.ICCV_IMAGE_PSNR.keySet()) {
            claims.add(Claims.absolute(model + "'s mean PSNR", "ICCV Table 1", PaperFigures.ICCV_IMAGE_PSNR.get(model),
                    psnr.getOrDefault(model, Double.NaN), Claims.PSNR_TOLERANCE_DB, "dB", paper && s.finals().size() >= 16,
                    paper ? "the given images (the paper's are 16 DIV2K images at 512x512)" : note));
        }
        for (Map.Entry<String, Double> paperParams : PaperFigures.ICCV_IMAGE_PARAMS_K.entrySet()) {
            Double ours = params.get(paperParams.getKey());
            if (ours != null && paperParams.getKey().equals("wire")) {
                // WIRE's hidden weights are complex: the paper counts one parameter each, this project two real numbers.
                claims.add(Claims.params("wire", "ICCV Table 1", paperParams.getValue(), ours / 2,
                        String.format(Locale.ROOT, "halved: the paper counts a complex weight once, this project as two"
                                + " real numbers (%s of them; its first layer is real, so halving undercounts by 0.3%%)",
                                Claims.format(ours / 1000, "K"))));
            } else if (ours != null) {
                claims.add(Claims.params(paperParams.getKey(), "ICCV Table 1", paperParams.getValue(), ours.longValue()));
            }
        }
        ObjectNode measured = JSON.createObjectNode();
        measured.set("selected", selected);
        ObjectNode means = measured.putObject("means");
        for (String model : models) {
            ObjectNode m = means.putObject(model);
            m.put("psnr", psnr.getOrDefault(model, Double.NaN));
            m.put("ssim", ssim.getOrDefault(model, Double.NaN));
            m.put("params", params.getOrDefault(model, Double.NaN));
        }
        ArrayNode runs = measured.putArray("runs");
        for (FitRow row : rows) {
            runs.addObject().put("signal", row.signal()).put("model", row.model()).put("psnr", row.psnr())
                    .put("ssim", row.ssim()).put("params", row.params()).put("seconds", row.seconds())
                    .put("run", context.reportPath(row.run()));
        }
        return new Outcome(table.toString(), List.of(
                new Figure(context.reportPath(grid), "Final fits: ground truth, then each model (PSNR in its label)"),
                new Figure(context.reportPath(curves), "Mean PSNR against epoch over the final images")),
                claims, measured);
    }

    /** Parameters per model on an RGB image (the paper's counts are for colour), else on whatever ran. */
    private static Map<String, Double> paramsOnColour(List<FitRow> rows) {
        Map<String, Double> params = new LinkedHashMap<>();
        for (FitRow row : rows) {
            params.merge(row.model(), (double) row.params(), Math::max);
        }
        return params;
    }

    private static Map<String, Double> only(Map<String, Double> values, java.util.Set<String> keys) {
        Map<String, Double> kept = new LinkedHashMap<>(values);
        kept.keySet().retainAll(keys);
        return kept;
    }

    static Map<String, Path> named(DataSources data, String... files) {
        List<Path> paths = new ArrayList<>();
        for (String file : files) {
            paths.add(data.sample(file));
        }
        return named(paths);
    }

    static Map<String, Path> named(List<Path> files) {
        Map<String, Path> named = new LinkedHashMap<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            named.put(name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name, file.toAbsolutePath());
        }
        return named;
    }

    private static void paths(ArrayNode array, Map<String, Path> files) {
        files.values().forEach(p -> array.add(p.toString()));
    }

    private static Path write(ObjectNode plan, Path file) {
        try {
            AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(plan));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
