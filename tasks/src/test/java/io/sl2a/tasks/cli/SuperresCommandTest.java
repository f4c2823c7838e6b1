package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sl2a superres}: both modes' outputs and metrics, and bad input. */
class SuperresCommandTest {
    @TempDir
    Path temp;

    @Test
    void operatorModeWritesTheObservationTheResultAndTheBaseline() throws Exception {
        Path image = TinyImages.colour(temp, 18, 13); // cropped to 16x12 for scale 4
        Path out = temp.resolve("sr");
        CliRun run = CliRun.of("superres", image, "--scale", 4, "--mode", "operator", "--epochs", 3, "--width", 16,
                "--layers", 1, "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        for (String file : new String[] {"lr.png", "sr.png", "bicubic.png", "comparison.png", "model.safetensors"}) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        Image low = ImageReader.read(out.resolve("lr.png"));
        assertEquals(4, low.width());
        assertEquals(3, low.height());
        assertEquals(16, ImageReader.read(out.resolve("sr.png")).width());
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(4, metrics.get("scale").asInt());
        assertEquals("operator", metrics.get("mode").asText());
        assertEquals(16, metrics.get("width").asInt());
        // The degree and the stopping step chosen on a held-out tenth of the 12 low-resolution pixels.
        JsonNode validation = metrics.get("validation");
        assertTrue(validation.get("search").asBoolean());
        assertEquals(1, validation.get("held_out").asInt());
        assertEquals(11, validation.get("fitted").asInt());
        assertEquals("[16,32,64]", validation.get("candidates").toString());
        for (JsonNode curve : validation.get("curves")) {
            assertEquals("[1,2,3]", curve.get("steps").toString(), "operator mode: a step an evaluation here");
        }
        assertEquals(validation.get("chosen_degree").asInt(), metrics.get("sr").get("degree").asInt());
        assertEquals(validation.get("chosen_steps").asInt(), metrics.get("sr").get("steps").asInt(),
                "the refit stops at the chosen step");
        assertTrue(Files.size(out.resolve("validation.png")) > 0);
        assertEquals(3e-3, metrics.get("sr").get("lr").asDouble(), "superres's own learning rate for sl2a");
        for (String part : new String[] {"sr", "bicubic"}) {
            for (String key : new String[] {"psnr", "ssim", "seconds"}) {
                assertTrue(metrics.get(part).get(key).isNumber(), part + " " + key);
            }
        }
        assertTrue(metrics.get("sr").get("observation_psnr").isNumber());
        assertEquals("sl2a", ModelCheckpoint.load(out.resolve("model.safetensors")).config().model());
        assertTrue(run.stderr().contains("bicubic"), run.stderr());
    }

    @Test
    void directModeFitsTheLowResolutionPixelsWithAnyModel() throws Exception {
        Path image = TinyImages.colour(temp, 16, 16);
        Path out = temp.resolve("direct");
        CliRun run = CliRun.of("superres", image, "--scale", 2, "--mode", "direct", "--align", "corners", "--epochs", 2,
                "--model", "siren", "--width", 8, "--layers", 1, "--batch", 16, "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals("direct", metrics.get("mode").asText());
        assertEquals("corners", metrics.get("align").asText());
        assertEquals(16, metrics.get("sr").get("batch").asInt());
        assertEquals(8, metrics.get("sr").get("steps").asInt(), "2 epochs of 64 pixels in batches of 16");
        assertFalse(metrics.get("validation").get("search").asBoolean(), "siren has no degree to choose");
        assertEquals("siren", ModelCheckpoint.load(out.resolve("model.safetensors")).config().model());
    }

    @Test
    void directModeIsTheDefaultAndCountsOptimiserSteps() throws Exception {
        Path image = TinyImages.colour(temp, 16, 16);
        Path out = temp.resolve("default");
        CliRun run = CliRun.of("superres", image, "--scale", 2, "--steps", 9, "--batch", 30, "--degree", 8, "--width", 8,
                "--layers", 1, "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals("direct", metrics.get("mode").asText());
        assertEquals(9, metrics.get("sr").get("steps").asInt(), "3 epochs of 64 pixels in batches of 30");
        assertEquals(8, metrics.get("sr").get("degree").asInt());
        assertFalse(metrics.get("validation").get("search").asBoolean());
    }

    @Test
    void badInputIsOneLineAndWritesNothing() throws Exception {
        Path image = TinyImages.colour(temp, 12, 12);
        CliRun one = CliRun.of("superres", image, "--scale", 1, "--out", temp.resolve("a"));
        assertEquals(Main.BAD_INPUT, one.exitCode());
        assertEquals(List.of("sl2a: --scale must be at least 2, got 1"), one.messageLines());
        CliRun big = CliRun.of("superres", image, "--scale", 7, "--out", temp.resolve("b"));
        assertEquals(List.of("sl2a: --scale 7 leaves less than 2x2 pixels of a 12x12 image"), big.messageLines());
        CliRun fraction = CliRun.of("superres", image, "--scale", "2.5", "--out", temp.resolve("c"));
        assertEquals(Main.BAD_INPUT, fraction.exitCode());
        assertEquals(1, fraction.messageLines().size(), fraction.stderr());
        Path text = temp.resolve("notes.png");
        Files.writeString(text, "not a picture");
        CliRun notImage = CliRun.of("superres", text, "--out", temp.resolve("d"));
        assertEquals(Main.BAD_INPUT, notImage.exitCode());
        assertEquals(1, notImage.messageLines().size(), notImage.stderr());
        CliRun batch = CliRun.of("superres", image, "--scale", 2, "--mode", "operator", "--batch", 8, "--out",
                temp.resolve("e"));
        assertEquals(List.of("sl2a: --batch applies to --mode direct only (operator mode renders the whole image every"
                + " step)"), batch.messageLines());
        for (String dir : new String[] {"a", "b", "c", "d", "e"}) {
            assertFalse(Files.exists(temp.resolve(dir)), dir + " written");
        }
    }
}
