package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checkpoints written before the models moved into one registry (by {@code fit} at commit 669f5ee,
 * each model at width 8, one hidden layer, on the astronaut downscaled by 16) still load and
 * render exactly what that fit rendered; the NeRF field's checkpoint renders the view its
 * {@code nerf-render} gave then. INCODE's is left out: its harmonizer makes a 1 MB file.
 */
class LegacyCheckpointTest {
    @TempDir
    Path temp;

    private Path fixture(String name) throws IOException {
        Path file = temp.resolve(name);
        try (InputStream in = LegacyCheckpointTest.class.getResourceAsStream("/legacy-checkpoints/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sl2a", "relu", "relu-pe", "siren", "gauss", "wire", "finer", "chebykan", "mfn-fourier",
            "mfn-gabor",
            "kan"})
    void anOldCheckpointRendersWhatItRenderedThen(String model) throws IOException {
        Path rendered = temp.resolve(model + "-now.png");
        CliRun run = CliRun.of("render", fixture(model + ".safetensors"), "--width", 16, "--height", 16, "--out",
                rendered);
        assertEquals(0, run.exitCode(), run.stderr());
        assertSamePixels(ImageReader.read(fixture(model + ".png")), ImageReader.read(rendered), model);
    }

    @Test
    void anOldRadianceFieldRendersWhatItRenderedThen() throws IOException {
        Path out = temp.resolve("nerf-now");
        CliRun run = CliRun.of("nerf-render", fixture("nerf-siren.safetensors"), "--orbit", 1, "--width", 16,
                "--height", 16,
                "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        assertSamePixels(ImageReader.read(fixture("nerf-siren-orbit-view0.png")),
                ImageReader.read(out.resolve("view_0.png")),
                "nerf");
    }

    /** The same 8-bit pixels (the renderings are deterministic; a level of rounding is allowed). */
    private static void assertSamePixels(Image expected, Image actual, String what) {
        assertArrayEquals(new int[] {expected.width(), expected.height(), expected.channels()},
                new int[] {actual.width(), actual.height(), actual.channels()}, what);
        float[] e = expected.pixels();
        float[] a = actual.pixels();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1.01f / 255f, what + " value " + i);
        }
    }
}
