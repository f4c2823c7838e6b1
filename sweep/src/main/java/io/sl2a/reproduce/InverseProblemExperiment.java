package io.sl2a.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An inverse problem (inpainting, super-resolution, CT) with the command's defaults: SL2A against
 * the classical method the command runs beside it ({@code comparison.png} shows both), and for
 * inpainting against Gauss as the preprint compares.
 */
final class InverseProblemExperiment implements Experiment {
    /**
     * One inverse problem.
     *
     * @param networkKey metrics.json's entry of the network
     * @param baselineKey metrics.json's entry of the classical method
     * @param tinyArgs the options that make the tiny scale tiny
     * @param gaussClaim whether the preprint compares SL2A with Gauss on it (inpainting)
     * @param pointsPerFit the points one fit at the command's defaults sends through the network (its steps
     *     times its batch; for CT its steps times the sinogram's 100 x 181 entries, which the first quick run
     *     took about as long as), for the estimate
     */
    record Problem(String name, String title, String command, String sample, String paperData, String baseline,
            String networkKey, String baselineKey, List<String> tinyArgs, boolean gaussClaim, long pointsPerFit) {
    }

    static final Problem INPAINT = new Problem("inpaint", "Inpainting, 70% of the pixels kept", "inpaint",
            "astronaut.png", "a DIV2K image", "harmonic fill", "network", "baseline", List.of("--steps", "10"), true,
            1500L * 2048);
    static final Problem SUPERRES = new Problem("superres", "Super-resolution x4", "superres", "astronaut.png",
            "DIV2K's parrot", "bicubic", "sr", "bicubic", List.of("--steps", "10"), false, 1000L * 64 * 64);
    static final Problem CT = new Problem("ct", "CT from 100 projection angles", "ct", "ct_chest.png",
            "a LUNA16 lung slice", "filtered back-projection", "reconstruction", "fbp", List.of("--steps", "10"), false,
            1000L * 100 * 181);

    private final Problem problem;

    InverseProblemExperiment(Problem problem) {
        this.problem = problem;
    }

    @Override
    public String name() {
        return problem.name();
    }

    @Override
    public String title() {
        return problem.title() + " (ICCV)";
    }

    private Path signal(Scale scale, DataSources data) {
        // The paper's own signal where the user gave its data set; the command's defaults either way.
        if (scale == Scale.PAPER && problem != CT && data.div2k() != null) {
            return data.div2kImages().getFirst();
        }
        return data.sample(problem.sample());
    }

    @Override
    public String protocol(Scale scale, DataSources data) {
        return String.format(Locale.ROOT, "`sl2a %s %s` with its defaults%s, SL2A against %s%s. The paper: %s.",
                problem.command(), signal(scale, data).getFileName(), scale == Scale.TINY ? " but " + String.join(" ",
                        problem.tinyArgs()) : "", problem.baseline(), problem.gaussClaim() ? ", and Gauss" : "",
                problem.paperData());
    }

    @Override
    public List<Work> workload(Scale scale, DataSources data) {
        // The degree search fits each of its three candidates, then the choice again on everything.
        double points = scale == Scale.TINY ? 4 * 10 * 2048 : 4.0 * problem.pointsPerFit();
        List<Work> work = new ArrayList<>(List.of(new Work("sl2a", points)));
        if (problem.gaussClaim()) {
            work.add(new Work("gauss", points / 4));
        }
        return work;
    }

    @Override
    public Outcome run(ExperimentContext context) throws InterruptedException {
        Path signal = signal(context.scale(), context.data());
        JsonNode sl2a = fit(context, signal, "sl2a");
        JsonNode network = sl2a.get(problem.networkKey());
        JsonNode baseline = sl2a.get(problem.baselineKey());
        String note = context.scale().label() + " scale, " + signal.getFileName() + ", the command's defaults";
        MarkdownTable table = new MarkdownTable("method", "degree", "steps", "PSNR (dB)", "SSIM", "seconds");
        JsonNode validation = sl2a.path("validation");
        String degree = network.path("degree").asText("") + (validation.path("search").asBoolean(false)
                ? " (chosen on a held-out " + Math.round(100 * validation.path("share").asDouble()) + "% of the"
                        + " observations)" : "");
        table.row("SL2A", degree, network.path("steps").asText(""), Claims.format(network.get("psnr").asDouble(), ""),
                Claims.format(network.get("ssim").asDouble(), ""),
                Claims.format(network.path("seconds").asDouble(network.path("train_seconds").asDouble(Double.NaN)), ""));
        table.row(problem.baseline(), "", "", Claims.format(baseline.get("psnr").asDouble(), ""),
                Claims.format(baseline.get("ssim").asDouble(), ""), Claims.format(baseline.get("seconds").asDouble(), ""));
        List<Claim> claims = new ArrayList<>();
        double psnrGain = network.get("psnr").asDouble() - baseline.get("psnr").asDouble();
        double ssimGain = network.get("ssim").asDouble() - baseline.get("ssim").asDouble();
        claims.add(new Claim("SL2A beats " + problem.baseline() + " in PSNR", "this project's target (issue 23)",
                "SL2A above " + problem.baseline(), String.format(Locale.ROOT, "%+.2f dB", psnrGain), "",
                Verdict.of(psnrGain > 0), note));
        claims.add(new Claim("SL2A beats " + problem.baseline() + " in SSIM", "this project's target (issue 23)",
                "SL2A above " + problem.baseline(), String.format(Locale.ROOT, "%+.4f", ssimGain), "",
                Verdict.of(ssimGain > 0), note));
        ObjectNode measured = new ObjectMapper().createObjectNode();
        measured.set("sl2a", sl2a);
        if (problem.gaussClaim()) {
            JsonNode gauss = fit(context, signal, "gauss");
            double gaussPsnr = gauss.get(problem.networkKey()).get("psnr").asDouble();
            table.row("Gauss", "", gauss.get(problem.networkKey()).path("steps").asText(""), Claims.format(gaussPsnr, ""),
                    Claims.format(gauss.get(problem.networkKey()).get("ssim").asDouble(), ""), "");
            claims.add(Claims.exceeds("SL2A inpaints better than Gauss (PSNR, SL2A minus Gauss)", "preprint, text",
                    PaperFigures.PREPRINT_INPAINT_OVER_GAUSS_DB, network.get("psnr").asDouble() - gaussPsnr, "dB", note));
            measured.set("gauss", gauss);
        }
        List<Figure> figures = new ArrayList<>(List.of(new Figure(context.reportPath(
                context.directory().resolve("sl2a").resolve("comparison.png")), "SL2A beside " + problem.baseline())));
        Path curves = context.directory().resolve("sl2a").resolve("validation.png");
        if (java.nio.file.Files.isRegularFile(curves)) {
            figures.add(new Figure(context.reportPath(curves), "Held-out PSNR of each candidate degree against step"));
        }
        return new Outcome(table.toString(), figures, claims, measured);
    }

    private JsonNode fit(ExperimentContext context, Path signal, String model) throws InterruptedException {
        Path out = context.directory().resolve(model);
        List<String> args = new ArrayList<>(List.of(problem.command(), signal.toString(), "--model", model));
        if (context.scale() == Scale.TINY) {
            args.addAll(problem.tinyArgs());
        }
        context.sl2a(out, "metrics.json", args);
        return context.json(out.resolve("metrics.json"));
    }
}
