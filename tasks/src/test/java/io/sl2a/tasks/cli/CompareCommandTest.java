package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.tasks.compare.ComparisonRun;
import io.sl2a.tasks.compare.ComparisonTable;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import io.sl2a.tasks.image.ImageWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sl2a compare}: every model on every image, a table of the paper's shape, a picture and curves. */
class CompareCommandTest {
    @TempDir
    Path temp;

    @Test
    void everyModelOnEveryImage() throws Exception {
        Path colour = TinyImages.colour(temp, 16, 12);
        Path grey = temp.resolve("grey.png");
        float[] pixels = new float[10 * 10];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i % 10) / 10.0f;
        }
        ImageWriter.writePng(new Image(10, 10, 1, pixels), grey);
        Path out = temp.resolve("cmp");
        CliRun run = CliRun.of("compare", colour, grey, "--models", "sl2a,siren", "--epochs", 2, "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("sl2a compare: 2 models on 2 images; wrote " + out), run.stderr());
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals(List.of("tiny", "grey"), List.of(results.get("images").get(0).asText(),
                results.get("images").get(1).asText()));
        assertEquals(4, results.get("runs").size());
        for (JsonNode r : results.get("runs")) {
            assertFalse(r.get("diverged").asBoolean());
            for (String key : new String[] {"psnr", "ssim", "params", "train_seconds", "samples_per_second"}) {
                assertTrue(r.get(key).isNumber(), key);
            }
            assertEquals(2, r.get("psnr_per_epoch").size());
            Path runDirectory = out.resolve("runs").resolve(r.get("image").asText()).resolve(r.get("model").asText());
            assertTrue(Files.exists(runDirectory.resolve("model.safetensors")), runDirectory.toString());
            assertEquals(r.get("psnr").asDouble(),
                    new ObjectMapper().readTree(runDirectory.resolve("metrics.json").toFile()).get("psnr").asDouble(),
                            0.0);
        }
        String table = Files.readString(out.resolve("table.md"));
        assertTrue(table.startsWith("| model | params | tiny PSNR | tiny SSIM | grey PSNR | grey SSIM | mean PSNR | mean SSIM | mean train s |"),
                table);
        assertTrue(table.contains("\n| sl2a | 330,243 |") && table.contains("\n| siren | "), table);
        Image grid = ImageReader.read(out.resolve("grid.png"));
        assertTrue(grid.width() > 3 * 200 && grid.height() > 2 * 2 * 100, grid.describeShape());
        assertTrue(Files.size(out.resolve("convergence.png")) > 0);
    }

    @Test
    void paramsSizesEveryModelAndTheTableSaysEachCount() throws Exception {
        Path colour = TinyImages.colour(temp, 16, 12);
        Path out = temp.resolve("budget");
        CliRun run = CliRun.of("compare", colour, "--models", "sl2a,hashgrid,grid", "--params", 50000, "--epochs", 1,
                "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        String table = Files.readString(out.resolve("table.md"));
        // The counts ParameterBudgetTest finds for these models at 50,000 (each within 5%).
        assertTrue(table.contains("\n| sl2a | 50,463 |") && table.contains("\n| hashgrid | 49,217 |")
                && table.contains("\n| grid | 49,955 |"), table);
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        for (JsonNode r : results.get("runs")) {
            assertTrue(Math.abs(r.get("params").asLong() - 50000) <= 2500, r.toString());
        }
    }

    @Test
    void paramsBelowOneIsRefused() {
        CliRun run = CliRun.of("compare", "x.png", "--params", 0);
        assertEquals(Main.BAD_INPUT, run.exitCode(), run.stderr());
        assertEquals(List.of("sl2a: --params must be at least 1, got 0"), run.messageLines());
    }

    @Test
    void badInputIsOneLine() throws Exception {
        Path colour = TinyImages.colour(temp, 8, 8);
        CliRun unknown = CliRun.of("compare", colour, "--models", "sl2a,mlp", "--out", temp.resolve("x"));
        assertEquals(Main.BAD_INPUT, unknown.exitCode());
        assertEquals(List.of("sl2a: unknown model 'mlp': use one of sl2a, relu, relu-pe, siren, gauss, wire, finer, chebykan, mfn-fourier, mfn-gabor, kan, incode, fourier-features, hashgrid, grid (see: sl2a models)"),
                unknown.messageLines());
        Path missing = temp.resolve("none.png");
        CliRun none = CliRun.of("compare", colour, missing, "--out", temp.resolve("y"));
        assertEquals(List.of("sl2a: cannot read image " + missing + ": no such file"), none.messageLines());
        assertFalse(Files.exists(temp.resolve("y")));
        CliRun twice = CliRun.of("compare", colour, colour, "--out", temp.resolve("z"));
        assertEquals(List.of("sl2a: two images are named tiny: give each image a different file name"),
                twice.messageLines());
    }

    @Test
    void aDivergedRunIsReportedInTheTable() {
        List<ComparisonRun> runs = List.of(
                new ComparisonRun("a", "sl2a", 100, 30.0, 0.9, 5, 1, 1, new double[5], -1, null),
                new ComparisonRun("b", "sl2a", 100, 20.0, 0.7, 5, 1, 1, new double[5], -1, null),
                new ComparisonRun("a", "gauss", 50, Double.NaN, Double.NaN, 5, 1, 1, new double[2], 2, null),
                new ComparisonRun("b", "gauss", 50, 10.0, 0.5, 5, 1, 1, new double[5], -1, null));
        String table = ComparisonTable.markdown(List.of("a", "b"), List.of("sl2a", "gauss"), runs);
        assertTrue(table.contains("| sl2a | 100 | 30.00 | 0.9000 | 20.00 | 0.7000 | 25.00 | 0.8000 | 1.0 |"), table);
        assertTrue(table.contains("| gauss | 50 | diverged (epoch 3) | — | 10.00 | 0.5000 | — | — | — |"), table);
        // diverged in its first epoch (index 0): still a diverged run, not a NaN score
        List<ComparisonRun> first = List.of(
                new ComparisonRun("a", "siren", 70, Double.NaN, Double.NaN, 5, 1, 1, new double[0], 0, null),
                new ComparisonRun("b", "siren", 70, 12.0, 0.6, 5, 1, 1, new double[5], -1, null));
        assertTrue(first.get(0).diverged() && !first.get(1).diverged());
        String firstTable = ComparisonTable.markdown(List.of("a", "b"), List.of("siren"), first);
        assertTrue(firstTable.contains("| siren | 70 | diverged (epoch 1) | — | 12.00 | 0.6000 | — | — | — |"), firstTable);
    }
}
