package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.nn.models.ModelCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long runs keep their work: a fit stopped by SIGTERM writes its model, training state and metrics
 * ({@code "interrupted": true}) and exits 130; {@code --resume} continues it to the parameters an
 * uninterrupted run ends with, bit for bit on the cpu backend.
 */
class ResumeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private static Object[] fitArgs(Path image, Path out, Object... extra) {
        List<Object> args = new ArrayList<>(List.of("fit", image, "--out", out, "--epochs", 1500, "--degree", 4,
                "--width", 8,
                "--layers", 1, "--rank", 2, "--batch", 8, "--threads", 1, "--gemm", "java"));
        args.addAll(List.of(extra));
        return args.toArray();
    }

    @Test
    void aRunStoppedBySigtermResumesToTheUninterruptedResult() throws Exception {
        Path image = TinyImages.colour(temp, 6, 5);
        Path stopped = temp.resolve("stopped");
        // The same run in another JVM, stopped by SIGTERM once its first checkpoint is on disk.
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                "io.sl2a.tasks.cli.Main"));
        for (Object arg : fitArgs(image, stopped, "--checkpoint-every", 5)) {
            command.add(String.valueOf(arg));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(temp.resolve("log").toFile())
                .start();
        Path state = stopped.resolve("training_state.safetensors");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(state) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(process.isAlive(),
                "the run ended before it could be stopped:\n" + Files.readString(temp.resolve("log")));
        process.destroy();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        String log = Files.readString(temp.resolve("log"));
        assertEquals(FitCommand.INTERRUPTED, process.exitValue(), log);
        assertTrue(log.contains("sl2a fit: stopped after "), log);
        JsonNode metrics = JSON.readTree(stopped.resolve("metrics.json").toFile());
        assertTrue(metrics.get("interrupted").asBoolean(), metrics.toString());
        assertFalse(metrics.get("finished").asBoolean());
        int done = metrics.get("epochs_done").asInt();
        assertTrue(done > 0 && done < 1500, "epochs done " + done);
        assertEquals(done, metrics.get("psnr_per_epoch").size());
        assertTrue(Files.exists(state));

        CliRun resumed = CliRun.of("fit", image, "--resume", stopped, "--threads", 1, "--gemm", "java");
        assertEquals(0, resumed.exitCode(), resumed.stderr());
        assertTrue(resumed.stderr().contains("resuming at epoch "), resumed.stderr());
        assertFalse(Files.exists(state), "a finished run leaves no training state");
        JsonNode finished = JSON.readTree(stopped.resolve("metrics.json").toFile());
        assertTrue(finished.get("finished").asBoolean());
        assertFalse(finished.get("interrupted").asBoolean());
        assertEquals(1500, finished.get("psnr_per_epoch").size());

        Path whole = temp.resolve("whole");
        CliRun uninterrupted = CliRun.of(fitArgs(image, whole));
        assertEquals(0, uninterrupted.exitCode(), uninterrupted.stderr());
        Map<String, float[]> expected = ModelCheckpoint.load(whole.resolve("model.safetensors")).parameters();
        Map<String, float[]> actual = ModelCheckpoint.load(stopped.resolve("model.safetensors")).parameters();
        for (Map.Entry<String, float[]> p : expected.entrySet()) {
            assertArrayEquals(p.getValue(), actual.get(p.getKey()), p.getKey() + " bit for bit");
        }
        JsonNode wholeMetrics = JSON.readTree(whole.resolve("metrics.json").toFile());
        assertEquals(wholeMetrics.get("psnr_per_epoch").get(done - 1).asDouble(),
                finished.get("psnr_per_epoch").get(done - 1).asDouble(), 1e-9);
        assertEquals(wholeMetrics.get("psnr").asDouble(), finished.get("psnr").asDouble(), 1e-9);
    }

    @Test
    void checkpointsDuringARunAndWhatResumeRefuses() throws Exception {
        Path image = TinyImages.colour(temp, 6, 5);
        Path out = temp.resolve("run");
        CliRun run = CliRun.of("fit", image, "--out", out, "--epochs", 4, "--checkpoint-every", 1, "--degree", 4,
                "--width", 8,
                "--rank", 2);
        assertEquals(0, run.exitCode(), run.stderr());
        assertFalse(Files.exists(out.resolve("training_state.safetensors")), "a finished run leaves no training state");
        assertTrue(JSON.readTree(out.resolve("metrics.json").toFile()).get("finished").asBoolean());
        CliRun nothing = CliRun.of("fit", image, "--resume", out);
        assertEquals(Main.BAD_INPUT, nothing.exitCode());
        assertEquals(List.of("sl2a: " + out + " has no training_state.safetensors: nothing to resume (the run finished, or was"
                + " neither stopped nor started with --checkpoint-every)"), nothing.messageLines());
        // What --resume refuses of a stopped run's options: FullDiskTest (it has one in hand).
        CliRun bad = CliRun.of("fit", image, "--out", out, "--checkpoint-every", 0);
        assertEquals(List.of("sl2a: --checkpoint-every must be at least 1, got 0"), bad.messageLines());
    }
}
