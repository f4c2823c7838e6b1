package io.sl2a.reproduce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The ICCV comparison with KANs on one image: B-spline KAN, Chebyshev KAN and SL2A, time and quality. */
final class KanExperiment implements Experiment {
    private static final List<String> MODELS = List.of("kan", "chebykan", "sl2a");

    @Override
    public String name() {
        return "kan";
    }

    @Override
    public String title() {
        return "Against KAN (ICCV)";
    }

    private static ComparisonFits.Settings settings(Scale scale, DataSources data) {
        // Quick: the KANs are the slowest models here, so the image is shrunk 4x (64x64) rather than 2x.
        return scale == Scale.QUICK ? new ComparisonFits.Settings(ImageExperiment.named(data, "astronaut.png"), 4, 150,
                1024, 64 * 64) : ComparisonFits.ablationSettings(scale, data, 1, "astronaut.png");
    }

    @Override
    public String protocol(Scale scale, DataSources data) {
        return "KAN (B-spline), ChebyKAN and SL2A at their own learning rates on " + settings(scale, data).describe()
                + ". The paper: one image, its image protocol.";
    }

    @Override
    public List<Work> workload(Scale scale, DataSources data) {
        double points = settings(scale, data).points(1);
        return MODELS.stream().map(m -> new Work(m, points)).toList();
    }

    @Override
    public Outcome run(ExperimentContext context) throws InterruptedException {
        ComparisonFits.Settings settings = settings(context.scale(), context.data());
        ComparisonFits fits = ComparisonFits.run(context, "compare", "compare", "models", MODELS, settings);
        Map<String, Double> psnr = fits.meanPsnr();
        Map<String, Double> ssim = FitRow.meanBy(fits.rows(), FitRow::ssim);
        Map<String, Double> seconds = FitRow.meanBy(fits.rows(), FitRow::seconds);
        String note = context.scale().label() + " scale: " + settings.describe();
        Map<String, Double> paperPsnr = new java.util.LinkedHashMap<>();
        Map<String, Double> paperSsim = new java.util.LinkedHashMap<>();
        Map<String, Double> paperSpeed = new java.util.LinkedHashMap<>();
        Map<String, Double> oursSpeed = new java.util.LinkedHashMap<>();
        PaperFigures.ICCV_KAN.forEach((model, row) -> {
            paperPsnr.put(model, row[2]);
            paperSsim.put(model, row[3]);
            paperSpeed.put(model, 1 / row[1]);
            oursSpeed.put(model, 1 / seconds.get(model));
        });
        List<Claim> claims = new ArrayList<>();
        claims.add(Claims.best("SL2A fits better than both KANs (PSNR)", "ICCV, KAN table", "sl2a", paperPsnr, psnr, "dB",
                note));
        claims.add(Claims.best("SL2A fits better than both KANs (SSIM)", "ICCV, KAN table", "sl2a", paperSsim, ssim, "",
                note));
        double paperRatio = PaperFigures.ICCV_KAN.get("chebykan")[1] / PaperFigures.ICCV_KAN.get("sl2a")[1];
        double oursRatio = seconds.get("chebykan") / seconds.get("sl2a");
        claims.add(new Claim("SL2A trains faster than ChebyKAN (time ratio ChebyKAN / SL2A)", "ICCV, KAN table",
                Claims.format(paperRatio, "x"), Claims.format(oursRatio, "x"), "", Verdict.of(oursRatio > 1),
                "the same epochs for both; " + note));
        double paperKan = PaperFigures.ICCV_KAN.get("kan")[1] / PaperFigures.ICCV_KAN.get("sl2a")[1];
        double oursKan = seconds.get("kan") / seconds.get("sl2a");
        claims.add(new Claim("SL2A trains faster than the B-spline KAN (time ratio KAN / SL2A)", "ICCV, KAN table",
                Claims.format(paperKan, "x"), Claims.format(oursKan, "x"), "", Verdict.of(oursKan > 1),
                "the same epochs for both; " + note));
        for (String model : MODELS) {
            claims.add(Claims.params(model, "ICCV, KAN table", 1000 * PaperFigures.ICCV_KAN.get(model)[0],
                    fits.maxParams(model)));
        }
        ObjectNode measured = new ObjectMapper().createObjectNode();
        for (String model : MODELS) {
            measured.putObject(model).put("psnr", psnr.get(model)).put("ssim", ssim.get(model))
                    .put("seconds", seconds.get(model)).put("params", fits.maxParams(model));
        }
        return new Outcome(fits.table().toString(), fits.figures(), claims, measured);
    }
}
