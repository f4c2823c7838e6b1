package io.sl2a.tasks.cli;

import static io.sl2a.tasks.cli.RunDirectories.assertNothingTorn;
import static io.sl2a.tasks.cli.RunDirectories.messages;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.tasks.occupancy.OccupancyState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop is prompt: SIGTERM to a run (nerf while it trains and while it renders its test views and
 * orbit, occupancy while it trains) saves the model and the state and ends the process within
 * seconds with exit code 130, saying that the outputs that need a finished run come from {@code
 * --resume} (or nerf-render, mesh) later; a scheduler that sends SIGKILL 30 s after SIGTERM loses
 * nothing. Each run is a JVM of its own, stopped as a user's is.
 */
class PromptStopTest {
    /** The most a stop may take here: far under a scheduler's 30 s, with room for a loaded machine. */
    private static final long PROMPT_SECONDS = 10;

    @TempDir
    Path temp;

    private static Object[] nerf(Path scene, Path out, Object... extra) {
        List<Object> args = new java.util.ArrayList<>(List.of("nerf", scene, "--out", out, "--rays", 16, "--samples", 4,
                "--model", "relu-pe", "--width", 8, "--layers", 1, "--pe-freqs", 2, "--features", 4, "--color-width", 8,
                "--color-layers", 1, "--grid", 0, "--threads", 1, "--gemm", "java", "--checkpoint-every", 20));
        args.addAll(List.of(extra));
        return args.toArray();
    }

    /** Starts a run, waits for {@code ready}, sends SIGTERM and returns the seconds until the process ended. */
    private static double stopWhen(Process run, Path log, BooleanSupplier ready) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (run.isAlive() && !ready.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(run.isAlive(), "the run ended before it could be stopped:\n" + Files.readString(log));
        long sent = System.nanoTime();
        run.destroy(); // SIGTERM
        assertTrue(run.waitFor(120, TimeUnit.SECONDS), "ended at all");
        double seconds = (System.nanoTime() - sent) / 1e9;
        assertTrue(seconds < PROMPT_SECONDS, "stopped " + seconds + " s after SIGTERM:\n" + Files.readString(log));
        return seconds;
    }

    @Test
    void aNerfRunStoppedWhileTrainingSavesAndEndsWithinSecondsAndResumeRendersLater() throws Exception {
        Path scene = io.sl2a.tasks.nerf.SphereScene.write(temp.resolve("sphere"), 8, 2, 1);
        Path out = temp.resolve("training");
        Path log = temp.resolve("training.log");
        Process run = RunDirectories.start(log, nerf(scene, out, "--iterations", 1_000_000, "--orbit", 24));
        double seconds = stopWhen(run, log, () -> Files.exists(out.resolve("run-state.safetensors")));
        assertEquals(Main.INTERRUPTED, run.exitValue(), Files.readString(log));
        String said = messages(log).getLast();
        assertTrue(said.startsWith("sl2a nerf: stopped at iteration ") && said.contains(" of 1000000; wrote")
                && said.contains("--resume " + out) && said.contains("sl2a nerf-render " + out.resolve("model.safetensors")),
                said);
        assertNothingTorn(out);
        assertTrue(RunDirectories.nerfModelMatchesState(out), "the model of the state");
        assertFalse(Files.exists(out.resolve("test")) || Files.exists(out.resolve("metrics.json")),
                "no rendering after a stop");
        System.err.printf("nerf stopped while training in %.2f s%n", seconds);
    }

    @Test
    void aNerfRunStoppedWhileRenderingEndsWithinSecondsAndResumeRendersWithoutTraining() throws Exception {
        Path scene = io.sl2a.tasks.nerf.SphereScene.write(temp.resolve("sphere"), 16, 2, 2);
        Path out = temp.resolve("rendering");
        Path log = temp.resolve("rendering.log");
        // Far more orbit frames than a stop may wait for (the run rendered for over three minutes).
        Process run = RunDirectories.start(log, nerf(scene, out, "--iterations", 30, "--orbit", 50_000));
        double seconds = stopWhen(run, log, () -> {
            try {
                return Files.readString(log).contains("sl2a nerf: rendering ");
            } catch (java.io.IOException e) {
                return false;
            }
        });
        assertEquals(Main.INTERRUPTED, run.exitValue(), Files.readString(log));
        String said = messages(log).getLast();
        assertTrue(said.startsWith("sl2a nerf: stopped while rendering, training done (30 iterations)")
                && said.contains("--resume " + out), said);
        assertFalse(Files.exists(out.resolve("turntable.gif")) || Files.exists(out.resolve("metrics.json")));
        assertNothingTorn(out);
        System.err.printf("nerf stopped while rendering in %.2f s%n", seconds);

        CliRun resumed = CliRun.of(nerf(scene, out, "--iterations", 30, "--orbit", 2, "--resume", out));
        assertEquals(0, resumed.exitCode(), resumed.stderr());
        assertTrue(Files.exists(out.resolve("metrics.json")) && Files.exists(out.resolve("turntable.gif")));
        assertTrue(Files.exists(out.resolve("test/r_1.png")));
    }

    @Test
    void anOccupancyRunStoppedSavesItsStateAndSaysWhatComesLater() throws Exception {
        Path mesh = RunDirectories.box(temp);
        Path out = temp.resolve("occupancy");
        Path log = temp.resolve("occupancy.log");
        Process run = RunDirectories.start(log, "occupancy", mesh, "--out", out, "--resolution", 16, "--epochs",
                1_000_000, "--width", 16, "--layers", 1, "--degree", 8, "--rank", 4, "--batch", 512, "--threads", 1,
                "--gemm", "java", "--checkpoint-every", 5);
        stopWhen(run, log, () -> Files.exists(out.resolve(OccupancyState.NAME)));
        assertEquals(Main.INTERRUPTED, run.exitValue(), Files.readString(log));
        String said = messages(log).getLast();
        assertTrue(said.startsWith("sl2a occupancy: stopped after ") && said.contains("--resume " + out)
                && said.contains("sl2a mesh " + out.resolve("model.safetensors")), said);
        assertNothingTorn(out);
        assertTrue(RunDirectories.modelMatchesState(out, OccupancyState.NAME));
        assertFalse(Files.exists(out.resolve("mesh.ply")));
        CliRun mesh256 = CliRun.of("mesh", out.resolve("model.safetensors"), "--resolution", 12, "--out",
                temp.resolve("now.ply"));
        assertEquals(0, mesh256.exitCode(), mesh256.stderr());
    }
}
