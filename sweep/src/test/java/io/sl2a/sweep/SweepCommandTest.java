package io.sl2a.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep} on embedded Spark: every setting of the grid on every signal, then, with select,
 * the setting of the best mean PSNR run again with the final stage's options, each run the fit
 * that {@code fit} makes with those options.
 */
class SweepCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void selectRunsTheSettingOfTheBestMeanPsnrAgainAsFitWould() throws Exception {
        Path images = TestImages.twoColours(temp.resolve("images"));
        Path sweep = temp.resolve("sweep.json");
        Files.writeString(sweep, """
                {"signals": ["images/*.png"], "models": ["sl2a"], "grid": {"lr": [0.001, 0.01]},
                 "epochs": 3, "seed": 7, "degree": 6, "width": 16, "layers": 2, "rank": 4, "batch": 64, "threads": 1,
                 "select": true, "final": {"epochs": 4}}
                """);
        Path out = temp.resolve("out");
        SweepCli run = SweepCli.sweep("sweep", sweep, "--master", "local[2]", "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        JsonNode rows = JSON.readTree(out.resolve("results.json").toFile());
        Map<String, List<Double>> psnrByLr = new LinkedHashMap<>();
        List<JsonNode> finals = new ArrayList<>();
        for (JsonNode row : rows) {
            assertEquals("done", row.get("status").asText(), row.toString());
            if (row.get("run").asText().startsWith("runs/")) {
                psnrByLr.computeIfAbsent(row.get("settings").get("lr").asText(), lr -> new ArrayList<>())
                        .add(row.get("psnr").asDouble());
            } else {
                assertTrue(row.get("run").asText().startsWith("final/"), row.toString());
                finals.add(row);
            }
        }
        assertEquals(Map.of("0.001", 2, "0.01", 2), Map.of("0.001", psnrByLr.get("0.001").size(), "0.01",
                psnrByLr.get("0.01").size()));
        String best = mean(psnrByLr.get("0.001")) >= mean(psnrByLr.get("0.01")) ? "0.001" : "0.01";
        JsonNode selected = JSON.readTree(out.resolve("selected.json").toFile()).get("sl2a");
        assertEquals(best, selected.get("setting").get("lr").asText());
        assertEquals(mean(psnrByLr.get(best)), selected.get("mean_psnr").asDouble(), 1e-12);
        assertEquals(2, finals.size());
        for (JsonNode row : finals) {
            String signal = row.get("signal").asText();
            assertEquals(best, row.get("settings").get("lr").asText());
            assertEquals(4, row.get("epochs").asInt(), "the final stage's epochs");
            Path alone = temp.resolve("fit-" + signal);
            SweepCli fit = SweepCli.fit(images.resolve(signal + ".png"), "--model", "sl2a", "--lr", best, "--epochs", 4,
                    "--seed", 7, "--degree", 6, "--width", 16, "--layers", 2, "--rank", 4, "--batch", 64,
                    "--threads", 1, "--out", alone);
            assertEquals(0, fit.exitCode(), fit.stderr());
            assertArrayEquals(Files.readAllBytes(alone.resolve("model.safetensors")),
                    Files.readAllBytes(out.resolve(row.get("run").asText()).resolve("model.safetensors")), signal);
        }
        assertTrue(Files.isDirectory(out.resolve("runs/a/sl2a/lr=0.001")), "a grid run's directory names its setting");
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
}
