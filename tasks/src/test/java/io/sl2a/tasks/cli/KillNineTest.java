package io.sl2a.tasks.cli;

import static io.sl2a.tasks.cli.RunDirectories.assertNothingTorn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.tasks.fit.TrainingStateFile;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.occupancy.OccupancyState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 loses nothing: a run started with {@code --checkpoint-every} and killed (SIGKILL, no
 * chance to save) at random moments, once just as a checkpoint's temporary file appears, leaves its
 * directory with every file whole and a training state of a checkpoint no older than the last one
 * it had before; {@code --resume} continues from it, killed again, and so on, and the run ends with
 * the bytes of a run never killed. While a run holds the directory a second one is refused in one
 * line; the lock dies with the killed process. Each run is a JVM of its own; {@code
 * bench/kill9.sh} does the same 20 times for each of fit, occupancy and nerf.
 */
class KillNineTest {
    @TempDir
    Path temp;

    private final Random random = new Random(9);

    /** How the tally of one kill came out: the checkpoint the state is at, before and after the kill. */
    private record Kill(int before, int after, boolean duringWrite) {
    }

    @Test
    void aFitKilledAtRandomMomentsResumesToTheBytesOfTheWholeRun() throws Exception {
        Path image = TinyImages.colour(temp, 16, 16);
        Path out = temp.resolve("fit");
        Object[] args = {"fit", image, "--out", out, "--epochs", 150, "--degree", 4, "--width", 8, "--layers", 1,
            "--rank", 2, "--batch", 32, "--lr", "2e-3", "--seed", 5, "--threads", 1, "--gemm", "java",
            "--checkpoint-every", 1};
        ToIntFunction<Path> epochOf = dir -> TrainingStateFile.read(dir.resolve(TrainingStateFile.NAME)).state().epoch();
        List<Kill> kills = killRepeatedly(out, TrainingStateFile.NAME, epochOf, 3, args);
        for (Kill kill : kills) {
            assertTrue(RunDirectories.modelMatchesState(out, TrainingStateFile.NAME) || kill.after() >= kill.before());
        }
        System.err.println("fit, killed: " + kills);
        CliRun resumed = CliRun.of(withResume(args, out));
        assertEquals(0, resumed.exitCode(), resumed.stderr());
        assertEquals(List.of(), RunDirectories.temporaries(out), "the resumed run cleared what the kills left");
        assertEquals(0, CliRun.of(wholeRun(args, temp.resolve("whole"))).exitCode());
        assertArrayEquals(Files.readAllBytes(temp.resolve("whole/model.safetensors")),
                Files.readAllBytes(out.resolve("model.safetensors")), "killed " + kills);
    }

    @Test
    void anOccupancyRunAndANerfRunKilledResumeToTheBytesOfTheWholeRuns() throws Exception {
        Path mesh = RunDirectories.box(temp);
        Path occupancy = temp.resolve("occupancy");
        Object[] occupancyArgs = {"occupancy", mesh, "--out", occupancy, "--resolution", 16, "--epochs", 300, "--width",
            16, "--layers", 1, "--degree", 8, "--rank", 4, "--batch", 512, "--lr", "5e-3", "--threads", 1, "--gemm",
            "java", "--checkpoint-every", 2};
        List<Kill> occupancyKills = killRepeatedly(occupancy, OccupancyState.NAME,
                dir -> OccupancyState.read(dir).saved().state().epoch(), 2, occupancyArgs);
        System.err.println("occupancy, killed: " + occupancyKills);
        assertEquals(0, CliRun.of("occupancy", mesh, "--resume", occupancy, "--threads", 1, "--gemm", "java").exitCode());
        assertEquals(0, CliRun.of(wholeRun(occupancyArgs, temp.resolve("occupancy-whole"))).exitCode());
        assertArrayEquals(Files.readAllBytes(temp.resolve("occupancy-whole/model.safetensors")),
                Files.readAllBytes(occupancy.resolve("model.safetensors")), "occupancy killed " + occupancyKills);

        Path scene = io.sl2a.tasks.nerf.SphereScene.write(temp.resolve("sphere"), 8, 2, 1);
        Path nerf = temp.resolve("nerf");
        Object[] nerfArgs = {"nerf", scene, "--out", nerf, "--iterations", 3000, "--rays", 16, "--samples", 4, "--model",
            "relu-pe", "--width", 8, "--layers", 1, "--pe-freqs", 2, "--features", 4, "--color-width", 8,
            "--color-layers", 1, "--orbit", 0, "--grid", 4, "--threads", 1, "--gemm", "java", "--checkpoint-every", 50};
        List<Kill> nerfKills = killRepeatedly(nerf, "run-state.safetensors", dir -> Integer.parseInt(
                io.sl2a.nn.checkpoint.Safetensors.read(dir.resolve("run-state.safetensors")).metadata()
                        .get("iterations_done")), 2, nerfArgs);
        System.err.println("nerf, killed: " + nerfKills);
        CliRun resumed = CliRun.of(withResume(nerfArgs, nerf));
        assertEquals(0, resumed.exitCode(), resumed.stderr());
        assertEquals(0, CliRun.of(wholeRun(nerfArgs, temp.resolve("nerf-whole"))).exitCode());
        assertArrayEquals(Files.readAllBytes(temp.resolve("nerf-whole/model.safetensors")),
                Files.readAllBytes(nerf.resolve("model.safetensors")), "nerf killed " + nerfKills);
    }

    /**
     * Starts the run, kills it {@code times} times (the first as a checkpoint is being written, the
     * others at random moments after a checkpoint), each time checking the directory and resuming.
     */
    private List<Kill> killRepeatedly(Path out, String state, ToIntFunction<Path> checkpointOf, int times,
            Object... args) throws Exception {
        List<Kill> kills = new ArrayList<>();
        int last = -1;
        for (int k = 0; k < times; k++) {
            Path log = temp.resolve(out.getFileName() + "-" + k + ".log");
            Process run = RunDirectories.start(log, k == 0 ? args : withResume(args, out));
            // Until the run has written a checkpoint of its own (a resumed one rewrites the state it read).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            long seen = Files.exists(out.resolve(state)) ? Files.getLastModifiedTime(out.resolve(state)).toMillis() : -1;
            while (run.isAlive() && System.nanoTime() < deadline && (!Files.exists(out.resolve(state))
                    || Files.getLastModifiedTime(out.resolve(state)).toMillis() == seen)) {
                Thread.sleep(2);
            }
            assertTrue(run.isAlive(), "the run ended before its kill:\n" + Files.readString(log));
            if (k == 0) {
                CliRun second = CliRun.of(args);
                assertEquals(Main.BAD_INPUT, second.exitCode(), second.stderr());
                assertTrue(second.stderr().contains("is in use by another sl2a run (process " + run.pid() + ")"),
                        second.stderr());
            }
            int before = checkpointOf.applyAsInt(out);
            boolean duringWrite = k == 0 ? awaitTemporaryFile(out, run) : sleepRandomly();
            run.destroyForcibly();
            assertTrue(run.waitFor(60, TimeUnit.SECONDS));
            assertEquals(137, run.exitValue(), "killed by SIGKILL");
            assertNothingTorn(out);
            int after = checkpointOf.applyAsInt(out);
            assertTrue(after >= before && after >= last, "state at " + after + " after " + before);
            last = after;
            kills.add(new Kill(before, after, duringWrite));
        }
        return kills;
    }

    /** Waits (a few seconds at most) until a temporary file shows a write in progress; whether one did. */
    private static boolean awaitTemporaryFile(Path out, Process run) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (run.isAlive() && System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(out)) {
                if (files.anyMatch(p -> AtomicFiles.isTemporary(p.getFileName().toString()))) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean sleepRandomly() throws InterruptedException {
        Thread.sleep(random.nextInt(400));
        return false;
    }

    /** The same run into {@code out}, never stopped and without checkpoints (they change nothing of the result). */
    private static Object[] wholeRun(Object[] args, Path out) {
        List<Object> whole = new ArrayList<>(List.of(args));
        whole.set(whole.indexOf("--out") + 1, out);
        int checkpoints = whole.indexOf("--checkpoint-every");
        whole.remove(checkpoints + 1);
        whole.remove(checkpoints);
        return whole.toArray();
    }

    private static Object[] withResume(Object[] args, Path out) {
        List<Object> more = new ArrayList<>(List.of(args));
        more.addAll(List.of("--resume", out));
        return more.toArray();
    }

    @Test
    void aKilledRunsLockBlocksNothing() throws Exception {
        Path image = TinyImages.colour(temp, 8, 8);
        Path out = temp.resolve("locked");
        Process run = RunDirectories.start(temp.resolve("locked.log"), "fit", image, "--out", out, "--epochs", 100000,
                "--degree", 4, "--width", 8, "--layers", 1, "--rank", 2, "--threads", 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (run.isAlive() && !Files.exists(out.resolve(io.sl2a.tasks.io.OutputDirectory.LOCK))
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(500);
        assertTrue(run.isAlive(), Files.readString(temp.resolve("locked.log")));
        CliRun refused = CliRun.of("fit", image, "--out", out, "--epochs", 1);
        RunDirectories.assertOneLine(refused, "is in use by another sl2a run (process " + run.pid() + ")");
        assertFalse(Files.exists(out.resolve("model.safetensors")), "the refused run wrote nothing");
        run.destroyForcibly();
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        CliRun next = CliRun.of("fit", image, "--out", out, "--epochs", 1, "--degree", 4, "--width", 8, "--layers", 1,
                "--rank", 2);
        assertEquals(0, next.exitCode(), next.stderr());
    }
}
