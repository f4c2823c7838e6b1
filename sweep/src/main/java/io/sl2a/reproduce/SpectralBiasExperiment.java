package io.sl2a.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The paper's spectral-bias analysis: which model learns a 1-D signal's highest frequency first. */
final class SpectralBiasExperiment implements Experiment {
    @Override
    public String name() {
        return "spectral-bias";
    }

    @Override
    public String title() {
        return "Spectral bias (the paper's analysis)";
    }

    private static int steps(Scale scale) {
        return scale.pick(20, 2000, 10_000);
    }

    @Override
    public String protocol(Scale scale, DataSources data) {
        return "`sl2a spectral-bias` (a sum of sines at 3, 5, 7 and 9 cycles, each model's error per frequency) with "
                + steps(scale) + " steps" + (scale == Scale.PAPER ? " (the protocol's)" : " (the protocol: 10,000)") + ".";
    }

    @Override
    public List<Work> workload(Scale scale, DataSources data) {
        double points = steps(scale) * 1024.0;
        return List.of("sl2a", "siren", "relu", "relu-pe", "finer").stream().map(m -> new Work(m, points)).toList();
    }

    @Override
    public Outcome run(ExperimentContext context) throws InterruptedException {
        Path out = context.directory();
        context.sl2a(out, "spectral.json", "spectral-bias", "--steps", Integer.toString(steps(context.scale())));
        JsonNode spectral = context.json(out.resolve("spectral.json"));
        JsonNode frequencies = spectral.get("frequencies");
        String highest = frequencies.get(frequencies.size() - 1).asText();
        MarkdownTable table = new MarkdownTable("model", "params", "first step below the error threshold, per frequency");
        Map<String, Double> firstAtHighest = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = spectral.get("models").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> model = it.next();
            JsonNode first = model.getValue().get("first_below");
            List<String> cells = new ArrayList<>();
            first.fields().forEachRemaining(f -> cells.add(f.getKey() + ": " + (f.getValue().isNull() ? "never"
                    : f.getValue().asText())));
            table.row(model.getKey(), model.getValue().get("params").asLong(), String.join(", ", cells));
            JsonNode step = first.get(highest);
            // Never learnt counts as later than any step; negated so that "best" is the earliest.
            firstAtHighest.put(model.getKey(), step == null || step.isNull() ? Double.NEGATIVE_INFINITY : -step.asDouble());
        }
        String earliest = Claims.argmax(firstAtHighest);
        boolean anyLearnt = earliest != null && firstAtHighest.get(earliest) != Double.NEGATIVE_INFINITY;
        Double sl2a = firstAtHighest.get("sl2a");
        boolean sl2aFirst = anyLearnt && sl2a != null && sl2a >= firstAtHighest.get(earliest);
        String note = context.scale().label() + " scale: " + steps(context.scale()) + " steps";
        Claim claim = new Claim("SL2A learns the highest frequency (" + highest + " cycles) first", "the paper's"
                + " spectral-bias analysis", "SL2A first", !anyLearnt ? "no model learnt it"
                : String.format(Locale.ROOT, "first: %s at step %d; SL2A %s", earliest,
                        (long) -firstAtHighest.get(earliest), sl2a == null || sl2a == Double.NEGATIVE_INFINITY ? "never"
                                : "at step " + (long) -sl2a), "",
                anyLearnt ? Verdict.of(sl2aFirst) : Verdict.NOT_COMPARABLE,
                anyLearnt ? note : "no model got below the error threshold in " + note);
        return new Outcome(table.toString(), List.of(
                new Figure(context.reportPath(out.resolve("heatmap.png")), "Error per frequency against step, per model"),
                new Figure(context.reportPath(out.resolve("fit.png")), "The fits at the end")), List.of(claim), spectral);
    }
}
