package io.sl2a.nn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.models.ModelRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The initial parameters follow PyTorch's distributions for the reference modules (the authors'
 * SL2A and the baselines' of reference/baselines_reference.py), parameter by
 * parameter: reference/make_init_moments.py pooled each state_dict entry over 200 seeds of torch's
 * initialisation; the Java initialiser pooled over as many seeds must give the same mean, standard
 * deviation, bounds and kurtosis (the shape: 1.8 uniform, 3 normal), within the sampling error of
 * both pools. Deterministic: fixed seeds on both sides.
 */
class InitializationMomentsTest {

    /** The initial parameters of a fresh network (the one place this test touches the initialiser's API). */
    static Map<String, float[]> initialParameters(ModelConfig config, long seed) {
        return config.graph().initialParameters(seed);
    }

    private record Moments(long count, double mean, double std, double min, double max, double kurtosis) {
        static Moments of(JsonNode node) {
            JsonNode k = node.get("kurtosis");
            return new Moments(node.get("count").asLong(), node.get("mean").asDouble(), node.get("std").asDouble(),
                    node.get("min").asDouble(), node.get("max").asDouble(), k.isNull() ? Double.NaN : k.asDouble());
        }

        static Moments of(List<float[]> pooled) {
            long n = 0;
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (float[] values : pooled) {
                for (float v : values) {
                    n++;
                    sum += v;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            double mean = sum / n;
            double m2 = 0;
            double m4 = 0;
            for (float[] values : pooled) {
                for (float v : values) {
                    double d = v - mean;
                    m2 += d * d;
                    m4 += d * d * d * d;
                }
            }
            double std = Math.sqrt(m2 / n);
            return new Moments(n, mean, std, min, max, std > 0 ? (m4 / n) / (std * std * std * std) : Double.NaN);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lowrank", "fullrank", "grey3d", "relu", "relu_pe", "siren", "gauss", "wire", "finer",
            "chebykan", "mfn_fourier", "mfn_gabor", "kan"})
    void everyParameterIsDrawnFromPytorchsDistribution(String fixture) throws IOException {
        JsonNode root;
        try (InputStream in = getClass().getResourceAsStream("/init/" + fixture + ".json")) {
            root = new ObjectMapper().readTree(in);
        }
        Map<String, String> meta = new HashMap<>();
        root.get("config").fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().asText()));
        ModelConfig config = ModelRegistry.fromMetadata(meta, fixture);
        int seeds = root.get("seeds").asInt();
        Map<String, List<float[]>> pooled = new HashMap<>();
        for (int seed = 0; seed < seeds; seed++) {
            for (Map.Entry<String, float[]> e : initialParameters(config, seed).entrySet()) {
                pooled.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(e.getValue());
            }
        }
        JsonNode parameters = root.get("parameters");
        assertEquals(parameters.size(), pooled.size(), "same parameters as the PyTorch module: " + pooled.keySet());
        for (Iterator<String> names = parameters.fieldNames(); names.hasNext();) {
            String name = names.next();
            assertTrue(pooled.containsKey(name), "no parameter " + name);
            assertSameDistribution(name, Moments.of(parameters.get(name)), Moments.of(pooled.get(name)));
        }
    }

    private static void assertSameDistribution(String name, Moments torch, Moments java) {
        assertEquals(torch.count(), java.count(), name + ": number of values");
        if (torch.std() == 0) {
            assertEquals(torch.min(), java.min(), 0.0, name + ": a constant");
            assertEquals(torch.max(), java.max(), 0.0, name + ": a constant");
            return;
        }
        double n = torch.count();
        // Five standard errors of the difference of two independent estimates.
        double meanTolerance = 5 * torch.std() * Math.sqrt(2 / n);
        double stdTolerance = 5 * torch.std() * Math.sqrt((torch.kurtosis() - 1) / (4 * n)) * Math.sqrt(2);
        assertEquals(torch.mean(), java.mean(), meanTolerance, name + ": mean");
        assertEquals(torch.std(), java.std(), stdTolerance, name + ": standard deviation");
        // A heavy tail's sample kurtosis is itself noisy (a gamma's, GaborNet's, varies by several percent).
        double kurtosisTolerance = torch.kurtosis() > 2.5 ? 0.15 * torch.kurtosis() : 0.1;
        assertEquals(torch.kurtosis(), java.kurtosis(), kurtosisTolerance, name + ": kurtosis (distribution shape)");
        if (torch.kurtosis() > 2.5) {
            // Unbounded (normal) draws: the extremes are random; they only have to be the tail's, about 4 sigma.
            assertEquals(torch.max(), java.max(), 1.5 * torch.std(), name + ": largest value");
            assertEquals(torch.min(), java.min(), 1.5 * torch.std(), name + ": smallest value");
            return;
        }
        // Bounded (uniform) draws: the extremes of n values sit within about range/n of the bounds.
        double range = torch.max() - torch.min();
        double boundTolerance = 10 * range / n + 1e-6 * range;
        assertEquals(torch.max(), java.max(), boundTolerance, name + ": largest value");
        assertEquals(torch.min(), java.min(), boundTolerance, name + ": smallest value");
    }
}
