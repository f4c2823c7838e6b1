package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    @Test
    void aGridNeedsASquareNumberOfPoints() {
        CliRun run = CliRun.of("ntk", "--dim", 2, "--points", 10, "--out", temp.resolve("x"));
        assertEquals(2, run.exitCode());
        assertEquals("sl2a: --points must be a square for --dim 2, got 10", run.stderr().strip());
    }
}
