package io.sl2a.reproduce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The preprint's smaller SL2A variants: low rank 32, and width 128 with degree 500, against the full model. */
final class VariantsExperiment implements Experiment {
    private static final List<String> VARIANTS = List.of("sl2a", "rank32", "width128");
    private static final String FULL = "sl2a";
    private static final String RANK32 = "rank 32";
    private static final String WIDTH128 = "width 128, degree 500";

    @Override
    public String name() {
        return "variants";
    }

    @Override
    public String title() {
        return "SL2A's smaller variants (preprint Table 1)";
    }

    private static ComparisonFits.Settings settings(Scale scale, DataSources data) {
        return ComparisonFits.ablationSettings(scale, data, 2, "astronaut.png", "camera.png");
    }

    @Override
    public String protocol(Scale scale, DataSources data) {
        return "SL2A (width 256, degree 256, rank 128), rank 32, and width 128 with degree 500, at SL2A's lr on "
                + settings(scale, data).describe() + ". The preprint: two images (Plant, Castle), its 500-epoch protocol.";
    }

    @Override
    public List<Work> workload(Scale scale, DataSources data) {
        return List.of(new Work("sl2a", settings(scale, data).points(VARIANTS.size())));
    }

    @Override
    public Outcome run(ExperimentContext context) throws InterruptedException {
        ComparisonFits.Settings settings = settings(context.scale(), context.data());
        ComparisonFits fits = ComparisonFits.run(context, "ablation", "ablation", "variants", VARIANTS, settings);
        Map<String, Double> psnr = fits.meanPsnr();
        String note = context.scale().label() + " scale: " + settings.describe();
        double[] full = PaperFigures.PREPRINT_VARIANT_PSNR.get("sl2a");
        double[] rank = PaperFigures.PREPRINT_VARIANT_PSNR.get("rank32");
        double[] width = PaperFigures.PREPRINT_VARIANT_PSNR.get("width128");
        List<Claim> claims = new ArrayList<>();
        claims.add(Claims.exceeds("The full model beats low rank 32 (mean PSNR, full minus rank 32)", "preprint Table 1",
                PaperFigures.mean(full) - PaperFigures.mean(rank), psnr.get(FULL) - psnr.get(RANK32), "dB", note));
        claims.add(Claims.exceeds("The full model beats width 128 with degree 500 (mean PSNR, full minus it)",
                "preprint Table 1", PaperFigures.mean(full) - PaperFigures.mean(width), psnr.get(FULL) - psnr.get(WIDTH128),
                "dB", note));
        claims.add(Claims.params("SL2A low rank 32", "preprint Table 1",
                1000 * PaperFigures.PREPRINT_PARAMS_M.get("sl2a-rank32"), fits.maxParams(RANK32)));
        claims.add(Claims.params("SL2A width 128, degree 500", "preprint Table 1",
                1000 * PaperFigures.PREPRINT_PARAMS_M.get("sl2a-width128-degree500"), fits.maxParams(WIDTH128)));
        ObjectNode measured = new ObjectMapper().createObjectNode();
        psnr.forEach((label, value) -> measured.putObject(label).put("psnr", value).put("params", fits.maxParams(label)));
        return new Outcome(fits.table().toString(), fits.figures(), claims, measured);
    }
}
