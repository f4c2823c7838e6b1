package io.sl2a.reproduce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sl2a.tasks.plot.LinePlot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/** The ICCV degree ablation: SL2A's Chebyshev degree K from 16 to 512. */
final class DegreeExperiment implements Experiment {
    static final int[] DEGREES = {16, 32, 64, 128, 256, 512};
    /** K = 256 counts as the best trade-off when within this of the best degree's PSNR and faster than 512. */
    static final double TRADE_OFF_DB = 0.5;

    @Override
    public String name() {
        return "degree";
    }

    @Override
    public String title() {
        return "Chebyshev degree K (ICCV ablation)";
    }

    private static ComparisonFits.Settings settings(Scale scale, DataSources data) {
        return ComparisonFits.ablationSettings(scale, data, 2, "astronaut.png");
    }

    @Override
    public String protocol(Scale scale, DataSources data) {
        return "SL2A at K = 16, 32, 64, 128, 256 and 512 on " + settings(scale, data).describe() + ".";
    }

    @Override
    public List<Work> workload(Scale scale, DataSources data) {
        return List.of(new Work("sl2a", settings(scale, data).points(DEGREES.length)));
    }

    private static String label(int degree) {
        return degree == 256 ? "sl2a" : "degree " + degree;
    }

    @Override
    public Outcome run(ExperimentContext context) throws InterruptedException {
        ComparisonFits.Settings settings = settings(context.scale(), context.data());
        List<String> variants = new ArrayList<>();
        for (int k : DEGREES) {
            variants.add(k == 256 ? "sl2a" : "degree" + k);
        }
        ComparisonFits fits = ComparisonFits.run(context, "ablation", "ablation", "variants", variants, settings);
        Map<String, Double> psnr = fits.meanPsnr();
        Map<String, Double> seconds = FitRow.meanBy(fits.rows(), FitRow::seconds);
        double[] k = new double[DEGREES.length];
        double[] p = new double[DEGREES.length];
        double[] t = new double[DEGREES.length];
        for (int i = 0; i < DEGREES.length; i++) {
            k[i] = DEGREES[i];
            p[i] = psnr.get(label(DEGREES[i]));
            t[i] = seconds.get(label(DEGREES[i]));
        }
        Path png = context.directory().resolve("degree.png");
        try {
            // log2 K on a linear axis: a logarithmic axis labels only powers of ten (one tick, 100).
            double[] log2K = java.util.Arrays.stream(k).map(v -> Math.log(v) / Math.log(2)).toArray();
            LinePlot.write(Map.of("mean PSNR", new double[][] {log2K, p}), "PSNR against the Chebyshev degree",
                    "log2 K (K = 16, 32, 64, 128, 256, 512)", "PSNR (dB)", false, false, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double rho = new SpearmansCorrelation().correlation(k, p);
        String note = context.scale().label() + " scale: " + settings.describe();
        double best = java.util.Arrays.stream(p).max().orElse(Double.NaN);
        double at256 = psnr.get("sl2a");
        double at512 = psnr.get(label(512));
        boolean tradeOff = at256 >= best - TRADE_OFF_DB && seconds.get("sl2a") < seconds.get(label(512));
        List<Claim> claims = List.of(
                new Claim("A higher degree K generally fits better (rank correlation of K and PSNR above 0)",
                        "ICCV ablation", "higher K generally better", String.format(Locale.ROOT, "Spearman rho %.2f", rho),
                        "", Verdict.of(rho > 0), note),
                new Claim("K = 256 is the best trade-off (within " + TRADE_OFF_DB + " dB of the best K, faster than 512)",
                        "ICCV ablation", "K = 256", String.format(Locale.ROOT, "K=256 %.2f dB in %.1f s; K=512 %.2f dB in"
                                + " %.1f s; best %.2f dB", at256, seconds.get("sl2a"), at512, seconds.get(label(512)), best),
                        "", Verdict.of(tradeOff), note));
        ObjectNode measured = new ObjectMapper().createObjectNode();
        for (int i = 0; i < DEGREES.length; i++) {
            measured.putObject(Integer.toString(DEGREES[i])).put("psnr", p[i]).put("seconds", t[i]);
        }
        measured.put("spearman_rho", rho);
        List<Figure> figures = new ArrayList<>(fits.figures());
        figures.add(new Figure(context.reportPath(png), "Mean PSNR against K"));
        return new Outcome(fits.table().toString(), figures, claims, measured);
    }
}
