package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.tasks.analysis.NtkSpectrum;
import io.sl2a.tasks.analysis.SpectralTarget;
import java.util.HashMap;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sl2a ntk}: the sweep's networks, their sorted positive eigenvalues, and the pictures. */
class NtkCommandTest {
    @TempDir
    Path temp;

    @Test
    void sweepsTheNetworksAndWritesTheirSpectra() throws Exception {
        Path out = temp.resolve("ntk");
        CliRun run = CliRun.of("ntk", "--models", "sl2a,relu", "--degrees", "4,8", "--points", 16, "--width", 8, "--layers", 1,
                "--dim", 2, "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("sl2a ntk: 4 networks, 16 inputs (2-D); wrote " + out), run.stderr());
        JsonNode root = new ObjectMapper().readTree(out.resolve("ntk.json").toFile());
        List<String> labels = new ArrayList<>();
        for (JsonNode network : root.get("networks")) {
            labels.add(network.get("label").asText());
            JsonNode values = network.get("eigenvalues");
            assertEquals(16, values.size());
            for (int i = 1; i < values.size(); i++) {
                assertTrue(values.get(i).asDouble() <= values.get(i - 1).asDouble(), "largest first");
            }
            double sum = 0;
            for (JsonNode v : values) {
                assertTrue(v.asDouble() > -1e-6 * values.get(0).asDouble(), "a Gram matrix has no negative eigenvalue");
                sum += v.asDouble();
            }
            assertEquals(network.get("trace").asDouble(), sum, 1e-6 * sum, "eigenvalues sum to the trace");
            assertTrue(network.get("decay_slope").isNumber());
        }
        assertEquals(List.of("sl2a degree 4", "sl2a degree 8", "sl2a degree 8 no skip", "relu"), labels);
        assertEquals("false", root.get("networks").get(2).get("config").get("modulation").asText());
        assertTrue(Files.size(out.resolve("eigenvalues.png")) > 0);
        assertTrue(Files.size(out.resolve("ntk.png")) > 0);
    }

    /**
     * The kernel the command reports is the untrained network's (the default seed) on the 1-D inputs:
     * its trace and eigenvalues against a kernel built here from central differences of the outputs
     * in every parameter (a ReLU MLP is piecewise linear, so the differences are its gradients).
     */
    @Test
    void theKernelIsTheUntrainedNetworksOnTheInputs() throws Exception {
        Path out = temp.resolve("relu");
        CliRun run = CliRun.of("ntk", "--models", "relu", "--points", 6, "--width", 4, "--layers", 1, "--dim", 1,
                "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        JsonNode network = new ObjectMapper().readTree(out.resolve("ntk.json").toFile()).get("networks").get(0);

        ModelConfig relu = ModelOptions.of("relu").set("width", 4).set("layers", 1).build(1, 1);
        float[] x = SpectralTarget.coordinates(6);
        Map<String, float[]> parameters = relu.graph().initialParameters(42);
        java.util.List<double[]> gradients = new ArrayList<>(); // one row per parameter: d f(x_i) / d theta
        try (CpuBackend backend = new CpuBackend(1, CpuBackend.GemmChoice.JAVA);
                DeviceNetwork net = DeviceNetwork.create(backend, relu.graph(), 6, AdamSettings.PYTORCH, 0)) {
            for (Map.Entry<String, float[]> p : parameters.entrySet()) {
                for (int k = 0; k < p.getValue().length; k++) {
                    float h = 1e-3f;
                    Map<String, float[]> moved = new HashMap<>(parameters);
                    float[] up = p.getValue().clone();
                    up[k] += h;
                    moved.put(p.getKey(), up);
                    net.setParameters(moved);
                    float[] plus = net.predict(x, 6);
                    float[] down = p.getValue().clone();
                    down[k] -= h;
                    moved.put(p.getKey(), down);
                    net.setParameters(moved);
                    float[] minus = net.predict(x, 6);
                    double[] row = new double[6];
                    for (int i = 0; i < 6; i++) {
                        row[i] = (plus[i] - (double) minus[i]) / (up[k] - (double) down[k]);
                    }
                    gradients.add(row);
                }
            }
        }
        double[][] kernel = new double[6][6];
        for (double[] row : gradients) {
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 6; j++) {
                    kernel[i][j] += row[i] * row[j];
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < 6; i++) {
            trace += kernel[i][i];
        }
        assertEquals(trace, network.get("trace").asDouble(), 1e-3 * trace);
        double[] expected = NtkSpectrum.eigenvalues(kernel);
        for (int i = 0; i < 6; i++) {
            assertEquals(expected[i], network.get("eigenvalues").get(i).asDouble(), 1e-3 * expected[0], "eigenvalue " + i);
        }
        assertEquals(relu.parameterCount(), gradients.size());
    }

    @Test
    void aGridNeedsASquareNumberOfPoints() {
        CliRun run = CliRun.of("ntk", "--dim", 2, "--points", 10, "--out", temp.resolve("x"));
        assertEquals(2, run.exitCode());
        assertEquals("sl2a: --points must be a square for --dim 2, got 10", run.stderr().strip());
    }
}
