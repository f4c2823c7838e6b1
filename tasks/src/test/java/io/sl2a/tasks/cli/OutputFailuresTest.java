package io.sl2a.tasks.cli;

import static io.sl2a.tasks.cli.RunDirectories.assertNothingTorn;
import static io.sl2a.tasks.cli.RunDirectories.assertOneLine;
import static io.sl2a.tasks.cli.RunDirectories.snapshot;
import static io.sl2a.tasks.cli.RunDirectories.temporaries;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.tasks.fit.TrainingStateFile;
import io.sl2a.tasks.io.DiskFaults;
import io.sl2a.tasks.occupancy.OccupancyState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up during a run, and an output directory on a read-only mount, end a run in one
 * line and exit code 2 with nothing lost: the last checkpoint stays whole and {@code --resume}
 * continues from it, to the bytes of a run never stopped. (The disk is simulated at the one place
 * the command line writes, {@link DiskFaults}; {@code bench/kill9.sh} fills a real tmpfs and
 * remounts it read-only.) And what --resume takes: the original command retyped with {@code
 * --resume DIR}, not a change; and a bad option leaves no empty directory behind.
 */
class OutputFailuresTest {
    private static final int EPOCHS = 60;

    @TempDir
    Path temp;

    private static Object[] fit(Path image, Path out, Object... extra) {
        List<Object> args = new ArrayList<>(List.of("fit", image, "--out", out, "--epochs", EPOCHS, "--degree", 4,
                "--width", 8, "--layers", 1, "--rank", 2, "--batch", 8, "--lr", "2e-3", "--seed", 3, "--threads", 1,
                "--gemm", "java"));
        args.addAll(List.of(extra));
        return args.toArray();
    }

    @Test
    void aFitWhoseDiskFillsUpStopsInOneLineAndResumesFromItsLastCheckpoint() throws Exception {
        Path image = TinyImages.colour(temp, 6, 5);
        Path out = temp.resolve("run");
        CliRun full;
        // Each checkpoint writes some 30 KB (the convergence plot most): room for a few, not for sixty.
        try (DiskFaults disk = DiskFaults.full(out, 100_000)) {
            full = CliRun.of(fit(image, out, "--checkpoint-every", 1));
        }
        assertTrue(assertOneLine(full, "No space left on device").contains(out.toString()), full.stderr());
        assertNothingTorn(out);
        assertEquals(List.of(), temporaries(out), "the failed write took its temporary file with it");
        TrainingStateFile.Saved saved = TrainingStateFile.read(out.resolve(TrainingStateFile.NAME));
        int epoch = saved.state().epoch();
        assertTrue(epoch >= 1 && epoch < EPOCHS, "the last checkpoint that fitted: epoch " + epoch);
        Map<Path, String> before = snapshot(out);

        // What --resume refuses leaves the directory as it was.
        CliRun changing = CliRun.of(fit(image, out, "--checkpoint-every", 1, "--resume", out, "--epochs", EPOCHS + 1));
        assertEquals(List.of("sl2a: --epochs cannot change a run continued with --resume (it keeps its own)"),
                changing.messageLines());
        CliRun elsewhere = CliRun.of(fit(image, temp.resolve("other"), "--resume", out));
        assertOneLine(elsewhere, "is not --resume");
        try (DiskFaults readOnly = DiskFaults.readOnly(out)) {
            CliRun mounted = CliRun.of("fit", image, "--resume", out, "--threads", 1, "--gemm", "java");
            assertOneLine(mounted, "Read-only file system");
        }
        assertEquals(before, snapshot(out), "refused runs touched nothing");
        assertFalse(Files.exists(temp.resolve("other")));

        // The original command retyped with --resume: its options are the run's own, so it continues.
        CliRun resumed = CliRun.of(fit(image, out, "--checkpoint-every", 1, "--resume", out));
        assertEquals(0, resumed.exitCode(), resumed.stderr());
        assertTrue(resumed.stderr().contains("resuming at epoch " + (epoch + 1) + " of " + EPOCHS), resumed.stderr());
        CliRun whole = CliRun.of(fit(image, temp.resolve("whole")));
        assertEquals(0, whole.exitCode(), whole.stderr());
        assertArrayEquals(Files.readAllBytes(temp.resolve("whole/model.safetensors")),
                Files.readAllBytes(out.resolve("model.safetensors")), "nothing lost: the bytes of the run never stopped");
    }

    @Test
    void anOccupancyRunWhoseDiskFillsUpKeepsItsLastCheckpoint() throws Exception {
        Path mesh = RunDirectories.box(temp);
        Path out = temp.resolve("occ");
        Object[] args = {"occupancy", mesh, "--resolution", 16, "--epochs", 40, "--width", 16, "--layers", 1, "--degree",
            8, "--rank", 4, "--batch", 1024, "--lr", "5e-3", "--threads", 1, "--gemm", "java", "--out", out};
        List<Object> checkpointed = new ArrayList<>(List.of(args));
        checkpointed.addAll(List.of("--checkpoint-every", 2));
        CliRun full;
        // A checkpoint is a model and a state of a few KB; the voxel cache comes first.
        try (DiskFaults disk = DiskFaults.full(out, 30_000)) {
            full = CliRun.of(checkpointed.toArray());
        }
        String error = assertOneLine(full, "No space left on device");
        assertNothingTorn(out);
        int epoch = OccupancyState.read(out).saved().state().epoch();
        assertTrue(epoch >= 2 && epoch < 40, "epoch " + epoch);
        assertTrue(RunDirectories.modelMatchesState(out, OccupancyState.NAME) || error.contains(OccupancyState.NAME),
                "a model ahead of its state only when the state's write failed: " + error);

        CliRun resumed = CliRun.of("occupancy", mesh, "--resume", out, "--threads", 1, "--gemm", "java");
        assertEquals(0, resumed.exitCode(), resumed.stderr());
        assertFalse(Files.exists(out.resolve(OccupancyState.NAME)), "a finished run has nothing to resume");
        Path whole = temp.resolve("whole");
        List<Object> once = new ArrayList<>(List.of(args));
        once.set(once.size() - 1, whole);
        assertEquals(0, CliRun.of(once.toArray()).exitCode());
        assertArrayEquals(Files.readAllBytes(whole.resolve("model.safetensors")),
                Files.readAllBytes(out.resolve("model.safetensors")));
        assertArrayEquals(Files.readAllBytes(whole.resolve("mesh.ply")), Files.readAllBytes(out.resolve("mesh.ply")));
    }

    @Test
    void aNerfRunWhoseDiskFillsUpKeepsItsLastCheckpoint() throws Exception {
        Path scene = io.sl2a.tasks.nerf.SphereScene.write(temp.resolve("sphere"), 8, 2, 1);
        Path out = temp.resolve("nerf");
        Object[] args = {"nerf", scene, "--iterations", 40, "--rays", 16, "--samples", 4, "--model", "relu-pe", "--width",
            8, "--layers", 1, "--pe-freqs", 2, "--features", 4, "--color-width", 8, "--color-layers", 1, "--orbit", 0,
            "--grid", 0, "--threads", 1, "--gemm", "java", "--checkpoint-every", 5, "--out", out};
        CliRun full;
        try (DiskFaults disk = DiskFaults.full(out, 12_000)) {
            full = CliRun.of(args);
        }
        assertOneLine(full, "No space left on device");
        assertNothingTorn(out);
        assertTrue(Files.exists(out.resolve("run-state.safetensors")), "the first checkpoints fitted");
        List<Object> again = new ArrayList<>(List.of(args));
        again.addAll(List.of("--resume", out));
        CliRun resumed = CliRun.of(again.toArray());
        assertEquals(0, resumed.exitCode(), resumed.stderr());
        assertTrue(Files.exists(out.resolve("metrics.json")));
    }

    @Test
    void aReadOnlyOutputDirectoryIsOneLineAndNothingWritten() throws Exception {
        Path image = TinyImages.colour(temp, 6, 5);
        Path mounted = Files.createDirectories(temp.resolve("mounted"));
        Files.writeString(mounted.resolve("notes.txt"), "kept");
        Map<Path, String> before = snapshot(mounted);
        try (DiskFaults readOnly = DiskFaults.readOnly(mounted)) {
            assertOneLine(CliRun.of(fit(image, mounted)), "cannot write into output directory " + mounted
                    + ": Read-only file system");
            assertOneLine(CliRun.of("occupancy", RunDirectories.box(temp), "--resolution", 8, "--out", mounted),
                    "Read-only file system");
        }
        assertEquals(before, snapshot(mounted));
    }

    /** Options found wrong only after the directory was made (the backend's, here) leave nothing behind. */
    @Test
    void aBadOptionLeavesNoEmptyOutputDirectory() throws Exception {
        Path image = TinyImages.colour(temp, 6, 5);
        Path scene = io.sl2a.tasks.nerf.SphereScene.write(temp.resolve("sphere"), 8, 2, 1);
        Path mesh = RunDirectories.box(temp);
        Path out = temp.resolve("never/made");
        assertOneLine(CliRun.of("fit", image, "--out", out, "--threads", 0), "--threads");
        assertOneLine(CliRun.of("fit", image, "--out", out, "--gemm", "fast"), "--gemm");
        assertOneLine(CliRun.of("occupancy", mesh, "--resolution", 8, "--out", out, "--threads", 0), "--threads");
        assertOneLine(CliRun.of("nerf", scene, "--out", out, "--threads", 0), "--threads");
        assertOneLine(CliRun.of("ct", image, "--out", out, "--threads", 0), "--threads");
        assertOneLine(CliRun.of("inpaint", image, "--out", out, "--threads", 0), "--threads");
        assertOneLine(CliRun.of("fit", temp.resolve("missing.png"), "--out", out), "missing.png");
        assertFalse(Files.exists(temp.resolve("never")), "no empty directory left behind");
    }
}
