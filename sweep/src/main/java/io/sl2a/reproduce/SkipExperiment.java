package io.sl2a.reproduce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** The preprint's Table 2: SL2A with and without its skip connection (the modulation x * y). */
final class SkipExperiment implements Experiment {
    private static final String FULL = "sl2a";
    private static final String NO_SKIP = "no skip";

    @Override
    public String name() {
        return "skip";
    }

    @Override
    public String title() {
        return "Skip connection (preprint Table 2)";
    }

    private static ComparisonFits.Settings settings(Scale scale, DataSources data) {
        return ComparisonFits.ablationSettings(scale, data, 3, "astronaut.png", "camera.png", "coffee.png");
    }

    @Override
    public String protocol(Scale scale, DataSources data) {
        return "SL2A with and without the skip connection (each layer fed x * y, or y alone) on "
                + settings(scale, data).describe() + ". The preprint: Plant, Castle, Eiffel.";
    }

    @Override
    public List<Work> workload(Scale scale, DataSources data) {
        return List.of(new Work("sl2a", settings(scale, data).points(2)));
    }

    @Override
    public Outcome run(ExperimentContext context) throws InterruptedException {
        ComparisonFits.Settings settings = settings(context.scale(), context.data());
        ComparisonFits fits = ComparisonFits.run(context, "ablation", "ablation", "variants", List.of("sl2a", "no-skip"),
                settings);
        Map<String, Double> psnr = fits.meanPsnr();
        double paperGain = PaperFigures.mean(PaperFigures.PREPRINT_SKIP_PSNR)
                - PaperFigures.mean(PaperFigures.PREPRINT_NO_SKIP_PSNR);
        Claim claim = Claims.exceeds("The skip connection raises PSNR (mean, with minus without)", "preprint Table 2",
                paperGain, psnr.get(FULL) - psnr.get(NO_SKIP), "dB", context.scale().label() + " scale: "
                        + settings.describe());
        double[] with = fits.psnrByImage(FULL);
        double[] without = fits.psnrByImage(NO_SKIP);
        int better = 0;
        for (int i = 0; i < Math.min(with.length, without.length); i++) {
            better += with[i] > without[i] ? 1 : 0;
        }
        Claim everyImage = new Claim("The skip connection raises PSNR on every image", "preprint Table 2",
                "3 of 3 images", better + " of " + with.length + " images", "", Verdict.of(better == with.length),
                context.scale().label() + " scale: " + settings.describe());
        ObjectNode measured = new ObjectMapper().createObjectNode();
        measured.put("psnr_with_skip", psnr.get(FULL)).put("psnr_without_skip", psnr.get(NO_SKIP))
                .put("images_better_with_skip", better);
        return new Outcome(fits.table().toString(), fits.figures(), List.of(claim, everyImage), measured);
    }
}
