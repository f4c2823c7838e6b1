package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import io.sl2a.tasks.image.ImageWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sl2a inpaint}: the outputs and their metrics, a user's mask, and bad input. */
class InpaintCommandTest {
    @TempDir
    Path temp;

    @Test
    void fillsTheUnobservedPixelsAndScoresBoth() throws Exception {
        Path image = TinyImages.colour(temp, 20, 14);
        Path out = temp.resolve("inp");
        CliRun run = CliRun.of("inpaint", image, "--keep", 0.5, "--epochs", 2, "--degree", 8, "--width", 16, "--layers",
                1,
                "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        for (String file : new String[] {"observed.png", "inpainted.png", "baseline.png", "comparison.png",
                "model.safetensors"}) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(140, metrics.get("observed_pixels").asInt());
        assertFalse(metrics.get("validation").get("search").asBoolean(), "--degree fixes the degree: no search");
        assertTrue(metrics.get("validation").get("reason").asText().contains("--degree"));
        assertEquals(8, metrics.get("network").get("degree").asInt());
        assertEquals(2, metrics.get("network").get("steps").asInt(), "2 epochs of one step (140 pixels, batch 2048)");
        assertFalse(Files.exists(out.resolve("validation.png")), "no search, no validation curve");
        for (String part : new String[] {"network", "baseline"}) {
            for (String key : new String[] {"psnr", "psnr_unobserved", "ssim"}) {
                assertTrue(metrics.get(part).get(key).isNumber(), part + " " + key);
            }
        }
        // observed.png: the observed pixels as they are, the others black
        Image observed = ImageReader.read(out.resolve("observed.png"));
        int black = 0;
        for (int p = 0; p < 280; p++) {
            boolean zero = true;
            for (int c = 0; c < 3; c++) {
                zero &= observed.pixels()[3 * p + c] == 0f;
            }
            black += zero ? 1 : 0;
        }
        assertTrue(black >= 140, "at least the unobserved half is black: " + black);
        assertEquals("sl2a", ModelCheckpoint.load(out.resolve("model.safetensors")).config().model());
        assertTrue(run.stderr().contains("harmonic fill"), run.stderr());
    }

    @Test
    void choosesTheDegreeAndStepOnHeldOutPixelsThenRefitsOnAll() throws Exception {
        Path image = TinyImages.colour(temp, 20, 14);
        Path out = temp.resolve("search");
        CliRun run = CliRun.of("inpaint", image, "--keep", 0.5, "--steps", 20, "--batch", 32, "--width", 16,
                "--layers", 1, "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        JsonNode validation = metrics.get("validation");
        assertTrue(validation.get("search").asBoolean());
        assertEquals(14, validation.get("held_out").asInt(), "a tenth of the 140 observed pixels");
        assertEquals(126, validation.get("fitted").asInt());
        assertEquals("[16,32,64]", validation.get("candidates").toString());
        // 20 steps of 32 of the 140 pixels: 5 steps an epoch, so 4 epochs; the fit share's 126 take 4 an epoch.
        for (JsonNode curve : validation.get("curves")) {
            assertEquals("[4,8,12,16]", curve.get("steps").toString());
            assertEquals(4, curve.get("psnr").size());
            assertTrue(curve.get("best_psnr").isNumber());
        }
        int degree = validation.get("chosen_degree").asInt();
        int chosenSteps = validation.get("chosen_steps").asInt();
        JsonNode network = metrics.get("network");
        assertEquals(degree, network.get("degree").asInt(), "the refit takes the chosen degree");
        assertEquals(chosenSteps / 4 * 5, network.get("steps").asInt(),
                "the refit stops after the chosen epochs, each of 5 steps on every observed pixel");
        ModelCheckpoint checkpoint = ModelCheckpoint.load(out.resolve("model.safetensors"));
        assertEquals(degree, checkpoint.config().optionValues().get(checkpoint.config().spec().option("degree")));
        assertTrue(Files.size(out.resolve("validation.png")) > 0);
        assertEquals(900, ImageReader.read(out.resolve("validation.png")).width());
    }

    @Test
    void aUsersMaskAndBadInput() throws Exception {
        Path image = TinyImages.colour(temp, 10, 8);
        float[] values = new float[80];
        for (int i = 0; i < 40; i++) {
            values[i] = 1f; // the top half observed
        }
        Path mask = temp.resolve("mask.png");
        ImageWriter.writePng(new Image(10, 8, 1, values), mask);
        Path out = temp.resolve("masked");
        CliRun run = CliRun.of("inpaint", image, "--mask", mask, "--epochs", 1, "--model", "relu", "--width", 8,
                "--layers", 1,
                "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(40,
                new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).get("observed_pixels").asInt());

        Path wrong = temp.resolve("wrong.png");
        ImageWriter.writePng(new Image(9, 8, 1, new float[72]), wrong);
        CliRun size = CliRun.of("inpaint", image, "--mask", wrong, "--out", temp.resolve("x"));
        assertEquals(Main.BAD_INPUT, size.exitCode());
        assertEquals(List.of("sl2a: --mask " + wrong + " is 9x8, the image is 10x8"), size.messageLines());
        CliRun keep = CliRun.of("inpaint", image, "--keep", 0, "--out", temp.resolve("y"));
        assertEquals(List.of("sl2a: --keep must be in (0, 1], got 0.0"), keep.messageLines());
        CliRun both = CliRun.of("inpaint", image, "--steps", 5, "--epochs", 1, "--out", temp.resolve("z"));
        assertEquals(List.of("sl2a: give --steps or --epochs, not both"), both.messageLines());
        assertFalse(Files.exists(temp.resolve("x")) || Files.exists(temp.resolve("y")) || Files.exists(temp.resolve("z")),
                "nothing written");
    }
}
