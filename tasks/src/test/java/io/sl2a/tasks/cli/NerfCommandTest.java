package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sl2a nerf} end to end on a scene known in closed form, and {@code nerf-render} from its checkpoint. */
class NerfCommandTest {
    @TempDir
    Path temp;

    @Test
    void aSphereOfKnownDensityIsLearntAndRenderedFromNewViews() throws Exception {
        Path scene = NerfSphereScene.write(temp.resolve("sphere"), 24, 8, 3);
        Path out = temp.resolve("out");
        CliRun run = CliRun.of("nerf", scene, "--out", out, "--iterations", 300, "--rays", 256, "--samples", 24,
                "--model", "relu-pe", "--width", 32, "--layers", 2, "--pe-freqs", 4, "--features", 8, "--color-width", 16,
                "--color-layers", 1, "--lr", 5e-3, "--orbit", 4, "--checkpoint-every", 100);
        assertEquals(0, run.exitCode(), run.stderr());
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        double psnr = metrics.get("test_psnr").asDouble();
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
}
