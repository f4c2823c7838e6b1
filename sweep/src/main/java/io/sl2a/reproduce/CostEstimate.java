package io.sl2a.reproduce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sl2a.tasks.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The time each experiment will take here, estimated before it runs: its training points per
 * model ({@link Experiment#workload}) over that model's samples per second, measured by fits of a
 * 128x128 image per model (the time of 15 more epochs; calibration.json, reused on a resumed run).
 * Image fits run at these rates; NeRF and occupancy differ (ray marching, voxel sampling), so their
 * estimates are rougher.
 */
final class CostEstimate {
    static final String FILE = "calibration.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Epochs measured at speed per model. */
    private static final int CALIBRATION_EPOCHS = 15;

    private final Map<String, Double> samplesPerSecond;

    private CostEstimate(Map<String, Double> samplesPerSecond) {
        this.samplesPerSecond = samplesPerSecond;
    }

    /** Measures (or reads from OUT) the samples per second of every model the experiments train. */
    static CostEstimate calibrate(List<Experiment> experiments, Scale scale, DataSources data, ExperimentContext context)
            throws InterruptedException {
        Set<String> models = new LinkedHashSet<>();
        experiments.forEach(e -> e.workload(scale, data).forEach(w -> models.add(w.model())));
        Path file = context.directory().resolve(FILE);
        Map<String, Double> rates = new LinkedHashMap<>();
        if (Files.exists(file)) {
            context.json(file).fields().forEachRemaining(e -> rates.put(e.getKey(), e.getValue().asDouble()));
        }
        for (String model : models) {
            if (rates.containsKey(model)) {
                continue;
            }
            // Two fits, 1 and 16 epochs: the difference is fifteen epochs at speed, without the start-up
            // (the first steps compile kernels and warm the JIT, which a short fit would mostly measure).
            double[] seconds = new double[2];
            double overall = 0;
            int[] epochs = {1, 1 + CALIBRATION_EPOCHS};
            for (int i = 0; i < 2; i++) {
                Path out = context.directory().resolve("calibration").resolve(model + "-" + epochs[i]);
                context.sl2a(out, "metrics.json", "fit", data.sample("astronaut.png").toString(), "--model", model,
                        "--epochs", Integer.toString(epochs[i]), "--downscale", "2", "--batch", "4096");
                JsonNode metrics = context.json(out.resolve("metrics.json"));
                seconds[i] = metrics.get("train_seconds").asDouble();
                overall = metrics.get("samples_per_second").asDouble();
            }
            double points = CALIBRATION_EPOCHS * 128.0 * 128.0;
            // On a busy machine the longer fit can come out no slower: then its own rate, start-up and all.
            rates.put(model, seconds[1] > seconds[0] ? points / (seconds[1] - seconds[0]) : overall);
        }
        ObjectNode node = JSON.createObjectNode();
        rates.forEach(node::put);
        try {
            AtomicFiles.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CostEstimate(rates);
    }

    /** No measurement (the tiny scale): every estimate is NaN. */
    static CostEstimate none() {
        return new CostEstimate(Map.of());
    }

    /** Seconds of training the experiment will take here (NaN where a model was not measured). */
    double seconds(Experiment experiment, Scale scale, DataSources data) {
        double seconds = 0;
        for (Experiment.Work work : experiment.workload(scale, data)) {
            Double rate = samplesPerSecond.get(work.model());
            seconds += rate == null || rate <= 0 ? Double.NaN : work.points() / rate;
        }
        return seconds;
    }

    Map<String, Double> samplesPerSecond() {
        return samplesPerSecond;
    }
}
