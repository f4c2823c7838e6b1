package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import io.sl2a.tasks.image.NpyReaderTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sl2a ct}: outputs and metrics from a PNG and from a .npy slice, noise, and bad input. */
class CtCommandTest {
    @TempDir
    Path temp;

    @Test
    void reconstructsTheSampleSliceBesideFilteredBackProjection() throws Exception {
        Path out = temp.resolve("ct");
        CliRun run = CliRun.of("ct", Path.of("../samples/ct_chest.png"), "--angles", 12, "--epochs", 2, "--width", 16,
                "--layers", 1, "--degree", 16, "--noise", 0.5, "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        for (String file : new String[] {"sinogram.png", "reconstruction.png", "fbp.png", "comparison.png",
            "model.safetensors"}) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        Image sinogram = ImageReader.read(out.resolve("sinogram.png"));
        assertEquals(128, sinogram.width(), "one detector bin per image column");
        assertEquals(12, sinogram.height(), "one row per angle");
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(12, metrics.get("angles").asInt());
        assertEquals(0.5, metrics.get("noise").asDouble());
        assertEquals(16, metrics.get("reconstruction").get("degree").asInt());
        assertEquals(2, metrics.get("reconstruction").get("steps").asInt());
        assertFalse(metrics.get("validation").get("search").asBoolean(), "--degree given: no search");
        for (String part : new String[] {"reconstruction", "fbp"}) {
            for (String key : new String[] {"psnr", "psnr_field_of_view", "ssim", "seconds"}) {
                assertTrue(metrics.get(part).get(key).isNumber(), part + " " + key);
            }
        }
        assertTrue(metrics.get("fbp").get("psnr").asDouble() > 10, "FBP from 12 noisy angles is still an image");
        assertEquals("sl2a", ModelCheckpoint.load(out.resolve("model.safetensors")).config().model());
    }

    @Test
    void choosesTheDegreeOnHeldOutLineIntegrals() throws Exception {
        Path slice = TinyImages.colour(temp, 16, 16);
        Path out = temp.resolve("search");
        CliRun run = CliRun.of("ct", slice, "--angles", 10, "--steps", 20, "--width", 16, "--layers", 1, "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        JsonNode validation = metrics.get("validation");
        assertTrue(validation.get("search").asBoolean());
        assertEquals(16, validation.get("held_out").asInt(), "a tenth of 10 angles x 16 bins");
        assertEquals(144, validation.get("fitted").asInt());
        for (JsonNode curve : validation.get("curves")) {
            assertEquals("[2,4,6,8,10,12,14,16,18,20]", curve.get("steps").toString());
        }
        assertEquals(validation.get("chosen_degree").asInt(), metrics.get("reconstruction").get("degree").asInt());
        assertEquals(validation.get("chosen_steps").asInt(), metrics.get("reconstruction").get("steps").asInt());
        assertTrue(Files.size(out.resolve("validation.png")) > 0);
    }

    @Test
    void takesANpyArrayAndAnyModel() throws Exception {
        float[] values = new float[16 * 16];
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                values[y * 16 + x] = (x - 8) * (x - 8) + (y - 8) * (y - 8) < 30 ? 1000 : -1000;
            }
        }
        Path slice = temp.resolve("slice.npy");
        Files.write(slice, NpyReaderTest.npy("<f4", "(16, 16)", NpyReaderTest.floats(values)));
        Path out = temp.resolve("npy");
        CliRun run = CliRun.of("ct", slice, "--angles", 8, "--epochs", 2, "--model", "finer", "--width", 8, "--layers",
                1,
                "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(16, ImageReader.read(out.resolve("reconstruction.png")).width());
        assertEquals("finer", ModelCheckpoint.load(out.resolve("model.safetensors")).config().model());
    }

    @Test
    void badInputIsOneLineAndWritesNothing() throws Exception {
        Path image = Path.of("../samples/phantom.png");
        CliRun angles = CliRun.of("ct", image, "--angles", 0, "--out", temp.resolve("a"));
        assertEquals(Main.BAD_INPUT, angles.exitCode());
        assertEquals(List.of("sl2a: --angles must be at least 1, got 0"), angles.messageLines());
        CliRun noise = CliRun.of("ct", image, "--noise", -1, "--out", temp.resolve("b"));
        assertEquals(List.of("sl2a: --noise must be a finite number >= 0, got -1.0"), noise.messageLines());
        Path text = temp.resolve("slice.png");
        Files.writeString(text, "not a picture");
        CliRun notImage = CliRun.of("ct", text, "--out", temp.resolve("c"));
        assertEquals(Main.BAD_INPUT, notImage.exitCode());
        assertEquals(1, notImage.messageLines().size(), notImage.stderr());
        Path flat = temp.resolve("flat.npy");
        Files.write(flat, NpyReaderTest.npy("<f4", "(2, 2)", NpyReaderTest.floats(3, 3, 3, 3)));
        CliRun same = CliRun.of("ct", flat, "--out", temp.resolve("d"));
        assertEquals(List.of("sl2a: cannot use " + flat + ": every pixel has the same value"), same.messageLines());
        for (String dir : new String[] {"a", "b", "c", "d"}) {
            assertFalse(Files.exists(temp.resolve(dir)), dir + " written");
        }
    }
}
