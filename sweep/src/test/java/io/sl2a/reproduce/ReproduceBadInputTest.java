package io.sl2a.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.sweep.SweepCli;
import io.sl2a.sweep.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code sl2a reproduce}: one line, exit code 2, nothing written; the paper's data named where missing. */
class ReproduceBadInputTest {
    private static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();

    @TempDir
    Path temp;

    @Test
    void anUnknownScaleIsOneLine() {
        assertRefused("sl2a: --scale must be quick or paper (or tiny, for tests), got 'huge'", "--scale", "huge");
    }

    @Test
    void anUnknownExperimentIsOneLine() {
        assertRefused("sl2a: unknown experiment 'images': use image, variants, skip, relu, degree, kan, occupancy,"
                + " convergence, superres, ct, inpaint, nerf, spectral-bias, ntk", "--only", "images");
    }

    @Test
    void thePapersScaleNamesTheDataSetItLacks() {
        SweepCli run = run("--scale", "paper", "--only", "image");
        assertEquals(2, run.exitCode(), run.stderr());
        assertEquals(1, run.messageLines().size(), run.stderr());
        assertTrue(run.messageLines().getFirst().startsWith("sl2a: the paper's image experiments need DIV2K: give"
                + " --div2k DIR with DIV2K's validation images"), run.stderr());
        assertFalse(Files.exists(temp.resolve("out")));
    }

    @Test
    void thePapersScaleEstimatesItsCostFirst() throws Exception {
        Path div2k = temp.resolve("div2k");
        for (int i = 0; i < 3; i++) {
            TestImages.colour(div2k, "img" + i, i);
        }
        SweepCli run = run("--scale", "paper", "--only", "kan", "--div2k", div2k, "--estimate");
        assertEquals(0, run.exitCode(), run.stderr());
        List<String> lines = run.stderr().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches("  kan +about [0-9.]+ min")), run.stderr());
        assertTrue(lines.stream().anyMatch(l -> l.matches("sl2a reproduce: estimated [0-9.]+ hours of training"
                + " on this machine .*")), run.stderr());
        assertTrue(Files.isRegularFile(temp.resolve("out").resolve(CostEstimate.FILE)));
        assertFalse(Files.exists(temp.resolve("out").resolve("report.md")));
    }

    @Test
    void theEstimateNeedsNoDataSet() {
        SweepCli run = run("--scale", "paper", "--only", "nerf", "--estimate");
        assertEquals(0, run.exitCode(), run.stderr());
        List<String> lines = run.stderr().lines().toList();
        assertTrue(lines.contains("sl2a reproduce: the data sets not given are counted at the paper's sizes (16 DIV2K"
                + " images, five scans, eight Blender scenes)"), run.stderr());
        assertTrue(lines.stream().anyMatch(l -> l.matches("  nerf +about [0-9.]+ min")), run.stderr());
    }

    private void assertRefused(String message, Object... args) {
        SweepCli run = run(args);
        assertEquals(2, run.exitCode(), run.stderr());
        assertEquals(List.of(message), run.messageLines());
        assertFalse(Files.exists(temp.resolve("out")));
    }

    private SweepCli run(Object... args) {
        Object[] all = new Object[args.length + 5];
        all[0] = "reproduce";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--samples";
        all[args.length + 2] = SAMPLES;
        all[args.length + 3] = "--out";
        all[args.length + 4] = temp.resolve("out");
        return SweepCli.sweep(all);
    }
}
