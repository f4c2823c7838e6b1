package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import io.sl2a.tasks.metrics.Psnr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sl2a nerf} end to end on a scene known in closed form, and {@code nerf-render} from its checkpoint. */
class NerfCommandTest {
    @TempDir
    Path temp;

    @Test
    void aSphereOfKnownDensityIsLearntAndRenderedFromNewViews() throws Exception {
        Path scene = io.sl2a.tasks.nerf.SphereScene.write(temp.resolve("sphere"), 24, 8, 3);
        Path out = temp.resolve("out");
        CliRun run = CliRun.of("nerf", scene, "--out", out, "--iterations", 300, "--rays", 256, "--samples", 24,
                "--model", "relu-pe", "--width", 32, "--layers", 2, "--pe-freqs", 4, "--features", 8, "--color-width", 16,
                "--color-layers", 1, "--lr", 5e-3, "--orbit", 4, "--checkpoint-every", 100);
        assertEquals(0, run.exitCode(), run.stderr());
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        double psnr = metrics.get("test_psnr").asDouble();
        System.err.printf("sphere: test PSNR %.2f dB after 300 iterations%n", psnr);
        assertTrue(psnr > 25, "test PSNR " + psnr + " on novel views of the sphere after 300 iterations");
        assertEquals(3, metrics.get("per_view").size());
        for (String file : new String[] {"test/r_0.png", "depth/r_0.png", "turntable.gif", "convergence.png",
            "model.safetensors", "run-state.safetensors"}) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        CliRun render = CliRun.of("nerf-render", out.resolve("model.safetensors"), "--orbit", 2, "--width", 16, "--height",
                12, "--out", temp.resolve("views"));
        assertEquals(0, render.exitCode(), render.stderr());
        assertTrue(Files.exists(temp.resolve("views/view_1.png")) && Files.exists(temp.resolve("views/orbit.gif")));
    }

    /** Every model of the library but INCODE (it reads an image) can be the position network. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"sl2a", "relu", "relu-pe", "siren", "gauss", "wire", "finer",
        "chebykan", "mfn-fourier", "mfn-gabor", "kan"})
    void everyModelCanBeThePositionNetwork(String model) throws Exception {
        Path scene = io.sl2a.tasks.nerf.SphereScene.write(temp.resolve("sphere"), 8, 2, 1);
        Path out = temp.resolve("out-" + model);
        List<Object> args = new java.util.ArrayList<>(List.of("nerf", scene, "--out", out, "--iterations", 3, "--rays", 16,
                "--samples", 4, "--model", model, "--width", 8, "--layers", 1, "--features", 4, "--orbit", 0, "--grid", 0));
        if (model.equals("sl2a") || model.equals("chebykan")) {
            args.addAll(List.of("--degree", 4));
        }
        if (model.equals("sl2a")) {
            args.addAll(List.of("--rank", 2));
        }
        CliRun run = CliRun.of(args.toArray());
        assertEquals(0, run.exitCode(), run.stderr());
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(model, metrics.get("model").get("position.model").asText());
        // test_psnr: the mean over the test views of each one's PSNR, which is that of the rendering
        // written beside the ground truth in test/ (8-bit: within 0.05 dB)
        JsonNode views = metrics.get("per_view");
        double sum = 0;
        for (JsonNode view : views) {
            sum += view.get("psnr").asDouble();
        }
        assertEquals(sum / views.size(), metrics.get("test_psnr").asDouble(), 1e-9, model);
        Image pair = ImageReader.read(out.resolve("test/r_0.png"));
        int w = pair.width() / 2;
        double squared = 0;
        for (int y = 0; y < pair.height(); y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    double d = pair.get(x, y, c) - pair.get(x + w, y, c);
                    squared += d * d;
                }
            }
        }
        assertEquals(Psnr.fromMse(squared / (w * pair.height() * 3)), views.get(0).get("psnr").asDouble(), 0.05, model);
    }

    @Test
    void badDatasetsAndOptionsAreOneLineWithNothingWritten() throws Exception {
        Path scene = io.sl2a.tasks.nerf.SphereScene.write(temp.resolve("sphere"), 8, 2, 1);
        Path out = temp.resolve("never");
        assertRefused(List.of("nerf", temp.resolve("nowhere"), "--out", out), "transforms_train.json");
        java.nio.file.Files.delete(scene.resolve("transforms_test.json"));
        assertRefused(List.of("nerf", scene, "--out", out), "transforms_test.json");
        Path other = io.sl2a.tasks.nerf.SphereScene.write(temp.resolve("sphere2"), 8, 2, 1);
        java.nio.file.Files.delete(other.resolve("train/r_1.png"));
        assertRefused(List.of("nerf", other, "--out", out), "r_1");
        Path fine = io.sl2a.tasks.nerf.SphereScene.write(temp.resolve("sphere3"), 8, 2, 1);
        assertRefused(List.of("nerf", fine, "--out", out, "--samples", 1), "--samples");
        assertRefused(List.of("nerf", fine, "--out", out, "--near", 3, "--far", 2), "--near");
        assertRefused(List.of("nerf", fine, "--out", out, "--iterations", 5, "--epochs", 1), "--epochs");
        assertRefused(List.of("nerf", fine, "--out", out, "--model", "incode"), "incode");
        assertRefused(List.of("nerf", fine, "--out", out, "--resume", temp.resolve("empty")), "--resume");
        assertRefused(List.of("nerf-render", fine.resolve("transforms_train.json"), "--orbit", 2, "--out", out), "");
        assertFalse(Files.exists(out), "nothing written");
    }

    private static void assertRefused(List<Object> args, String mentioned) {
        CliRun run = CliRun.of(args.toArray());
        assertEquals(Main.BAD_INPUT, run.exitCode(), run.stderr());
        assertEquals(1, run.messageLines().size(), run.stderr());
        assertTrue(run.messageLines().get(0).startsWith("sl2a: ") && run.messageLines().get(0).contains(mentioned),
                run.stderr());
    }
}
