package io.sl2a.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The paper's NTK analysis: SL2A's kernel has a flatter eigenvalue spectrum (less spectral bias) than the baselines'. */
final class NtkExperiment implements Experiment {
    @Override
    public String name() {
        return "ntk";
    }

    @Override
    public String title() {
        return "Neural tangent kernel (the paper's analysis)";
    }

    private static int points(Scale scale) {
        return scale.pick(16, 256, 256);
    }

    @Override
    public String protocol(Scale scale, DataSources data) {
        return "`sl2a ntk` at initialisation on " + points(scale) + " 1-D inputs: sl2a at degrees 16, 64, 256 and"
                + " 512, relu, siren and finer; the slope of the eigenvalues' log-log decay.";
    }

    @Override
    public List<Work> workload(Scale scale, DataSources data) {
        return List.of();
    }

    @Override
    public Outcome run(ExperimentContext context) throws InterruptedException {
        Path out = context.directory();
        context.sl2a(out, "ntk.json", "ntk", "--points", Integer.toString(points(context.scale())));
        JsonNode ntk = context.json(out.resolve("ntk.json"));
        MarkdownTable table = new MarkdownTable("network", "params", "eigenvalue decay slope (log-log)");
        double sl2aFlattest = Double.NEGATIVE_INFINITY;
        double othersFlattest = Double.NEGATIVE_INFINITY;
        String sl2aLabel = "";
        String otherLabel = "";
        for (JsonNode network : ntk.get("networks")) {
            double slope = network.get("decay_slope").asDouble();
            table.row(network.get("label").asText(), network.get("params").asLong(), Claims.format(slope, ""));
            if (network.get("model").asText().equals("sl2a")) {
                if (slope > sl2aFlattest) {
                    sl2aFlattest = slope;
                    sl2aLabel = network.get("label").asText();
                }
            } else if (slope > othersFlattest) {
                othersFlattest = slope;
                otherLabel = network.get("label").asText();
            }
        }
        Claim claim = new Claim("SL2A's NTK spectrum decays slowest (the flattest eigenvalue slope)",
                "the paper's NTK analysis", "SL2A flattest", String.format(Locale.ROOT, "%s %.3f, best other %s %.3f",
                        sl2aLabel, sl2aFlattest, otherLabel, othersFlattest), "", Verdict.of(sl2aFlattest > othersFlattest),
                context.scale().label() + " scale: " + points(context.scale()) + " inputs");
        return new Outcome(table.toString(), List.of(
                new Figure(context.reportPath(out.resolve("eigenvalues.png")), "NTK eigenvalues, largest first"),
                new Figure(context.reportPath(out.resolve("ntk.png")), "The kernels")), List.of(claim), ntk);
    }
}
