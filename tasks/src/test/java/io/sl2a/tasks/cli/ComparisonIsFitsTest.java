package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import io.sl2a.tasks.metrics.Psnr;
import io.sl2a.tasks.metrics.Ssim;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare} and {@code ablation} are sets of fits: each of their runs ends with the bytes that
 * {@code fit} gives for the same model, options and seed, and reports the PSNR and SSIM of its own
 * saved model; the table's means are the means of those.
 */
class ComparisonIsFitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void eachComparedModelIsTheFitOfThatModel() throws Exception {
        Path image = TinyImages.colour(temp, 12, 10);
        Path out = temp.resolve("cmp");
        CliRun run = CliRun.of("compare", image, "--models", "relu,siren", "--epochs", 3, "--seed", 7, "--threads", 1,
                "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        for (JsonNode r : results.get("runs")) {
            String model = r.get("model").asText();
            Path compared = out.resolve("runs/tiny").resolve(model).resolve("model.safetensors");
            Path alone = temp.resolve("fit-" + model);
            CliRun fit = CliRun.of("fit", image, "--model", model, "--epochs", 3, "--seed", 7, "--threads", 1, "--out",
                    alone);
            assertEquals(0, fit.exitCode(), fit.stderr());
            assertSameParameters(alone.resolve("model.safetensors"), compared);
            assertScoresOfTheSavedModel(compared, image, r);
        }
        String table = java.nio.file.Files.readString(out.resolve("table.md"));
        for (JsonNode r : results.get("runs")) {
            // one image: its PSNR and the mean over images are the run's own
            String row = table.lines().filter(l -> l.startsWith("| " + r.get("model").asText() + " |")).findFirst()
                    .orElseThrow();
            String cell = String.format(java.util.Locale.ROOT, "| %.2f |", r.get("psnr").asDouble());
            assertEquals(2, (row.length() - row.replace(cell, "").length()) / cell.length(), row);
        }
    }

    @Test
    void eachAblationVariantIsTheFitOfThatSl2a() throws Exception {
        Path image = TinyImages.colour(temp, 12, 10);
        Path out = temp.resolve("ab");
        CliRun run = CliRun.of("ablation", image, "--variants", "no-skip,degree32", "--epochs", 2, "--seed", 3,
                "--threads", 1, "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        // the ablation's settings: the paper's SL2A (degree 256, rank 64) at lr 1e-3, batch 16384
        Object[][] fits = {
            {"no-skip", new Object[] {"--no-modulation"}},
            {"degree-32", new Object[] {"--degree", 32}},
        };
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        for (int i = 0; i < fits.length; i++) {
            Path alone = temp.resolve("fit-" + fits[i][0]);
            java.util.List<Object> args = new java.util.ArrayList<>(java.util.List.of("fit", image, "--model", "sl2a",
                    "--epochs", 2, "--seed", 3, "--lr", 1e-3, "--batch", 16384, "--threads", 1, "--out", alone));
            args.addAll(java.util.List.of((Object[]) fits[i][1]));
            CliRun fit = CliRun.of(args.toArray());
            assertEquals(0, fit.exitCode(), fit.stderr());
            Path variant = out.resolve("runs/tiny").resolve((String) fits[i][0]).resolve("model.safetensors");
            assertSameParameters(alone.resolve("model.safetensors"), variant);
            assertScoresOfTheSavedModel(variant, image, results.get("runs").get(i));
        }
    }

    private static void assertScoresOfTheSavedModel(Path model, Path image, JsonNode run) {
        Image truth = ImageReader.read(image);
        Image rendered = InverseProblemValuesTest.render(model, truth.width(), truth.height());
        assertEquals(Psnr.psnr(rendered.pixels(), truth.pixels()), run.get("psnr").asDouble(), 1e-3, run.toString());
        assertEquals(Ssim.ssim(rendered, truth), run.get("ssim").asDouble(), 1e-5, run.toString());
    }

    private static void assertSameParameters(Path expectedFile, Path actualFile) {
        Map<String, float[]> expected = ModelCheckpoint.load(expectedFile).parameters();
        Map<String, float[]> actual = ModelCheckpoint.load(actualFile).parameters();
        assertEquals(expected.keySet(), actual.keySet());
        for (Map.Entry<String, float[]> p : expected.entrySet()) {
            assertArrayEquals(p.getValue(), actual.get(p.getKey()), 0f, p.getKey() + " bit for bit");
        }
    }
}
