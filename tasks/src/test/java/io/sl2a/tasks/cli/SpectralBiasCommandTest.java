package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.tasks.analysis.FrequencyError;
import io.sl2a.tasks.analysis.SpectralTarget;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sl2a spectral-bias}: the protocol's records and pictures for a few small models. */
class SpectralBiasCommandTest {
    /** spectral-bias's default --seed. */
    private static final long SEED = 42;

    @TempDir
    Path temp;

    @Test
    void recordsTheErrorPerFrequencyAndDrawsIt() throws Exception {
        Path out = temp.resolve("sb");
        CliRun run = CliRun.of("spectral-bias", "--models", "sl2a,relu", "--steps", 60, "--log-every", 20, "--width", 16,
                "--layers", 1, "--degree", 8, "--lr", "1e-3", "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("sl2a spectral-bias: 2 models, 60 steps; wrote " + out), run.stderr());
        JsonNode root = new ObjectMapper().readTree(out.resolve("spectral.json").toFile());
        assertEquals(300, root.get("points").asInt());
        assertEquals("[3,5,7,9]", root.get("frequencies").toString());
        for (String model : new String[] {"sl2a", "relu"}) {
            JsonNode m = root.get("models").get(model);
            assertFalse(m.get("diverged").asBoolean());
            assertEquals("[0,20,40]", m.get("logged_steps").toString(), model);
            for (String k : new String[] {"3", "5", "7", "9"}) {
                assertEquals(3, m.get("delta").get(k).size());
                for (JsonNode d : m.get("delta").get(k)) {
                    assertTrue(d.asDouble() >= 0, model + " k " + k);
                }
                assertTrue(m.get("first_below").has(k));
            }
            assertTrue(m.get("loss").get(2).asDouble() < m.get("loss").get(0).asDouble(), model + " learns");
        }
        // The first record is the untrained network's prediction (the command's options, its default seed).
        float[] x = SpectralTarget.coordinates(300);
        FrequencyError error = new FrequencyError(SpectralTarget.values(x), SpectralTarget.FREQUENCIES);
        ModelConfig relu = ModelOptions.of("relu").set("width", 16).set("layers", 1).build(1, 1);
        double[] untrained;
        try (CpuBackend backend = new CpuBackend(1, CpuBackend.GemmChoice.JAVA);
                DeviceNetwork network = DeviceNetwork.create(backend, relu.graph(), 300, AdamSettings.PYTORCH, 0)) {
            network.setParameters(relu.graph().initialParameters(SEED));
            untrained = error.of(network.predict(x, 300));
        }
        int[] frequencies = SpectralTarget.FREQUENCIES;
        for (int k = 0; k < frequencies.length; k++) {
            assertEquals(untrained[k], root.get("models").get("relu").get("delta").get(Integer.toString(frequencies[k]))
                    .get(0).asDouble(), 1e-6, "k " + frequencies[k]);
        }
        Image heatmap = ImageReader.read(out.resolve("heatmap.png"));
        assertTrue(heatmap.height() > 2 * 120, heatmap.describeShape());
        assertTrue(Files.size(out.resolve("fit.png")) > 0);
    }

    @Test
    void badSettingsAreOneLine() {
        CliRun run = CliRun.of("spectral-bias", "--steps", 0, "--out", temp.resolve("x"));
        assertEquals(2, run.exitCode());
        assertEquals("sl2a: --steps and --log-every must be at least 1, got 0 and 10", run.stderr().strip());
        CliRun unknown = CliRun.of("spectral-bias", "--models", "mlp", "--out", temp.resolve("y"));
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.stderr().strip().startsWith("sl2a: unknown model 'mlp'"), unknown.stderr());
        assertFalse(Files.exists(temp.resolve("y")), "nothing written");
    }
}
