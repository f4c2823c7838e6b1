package io.sl2a.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.backend.Backend;
import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.models.ModelRegistry;
import io.sl2a.nn.models.ModelSpec;
import io.sl2a.nn.models.OptionValues;
import io.sl2a.nn.train.TrainingOptions;
import io.sl2a.tasks.fit.FitOutputs;
import io.sl2a.tasks.fit.FitResult;
import io.sl2a.tasks.fit.FitSettings;
import io.sl2a.tasks.fit.ImageFit;
import io.sl2a.tasks.fit.ProgressReporter;
import io.sl2a.tasks.fit.TrainingStateFile;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options of {@code fit} that {@code fit-many} hands to each job (--no-grid, --checkpoint-every,
 * --init, --model-config), each seen in what the fit wrote; and a rerun continuing a fit cut short
 * after a checkpoint. One 16x16 image, a few epochs.
 */
class FitManyOptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void noGridReachesTheFit() throws Exception {
        Path images = oneImage();
        Path out = temp.resolve("out");
        SweepCli run = fitMany(images, out, "--no-grid");
        assertEquals(0, run.exitCode(), run.stderr());
        assertFalse(metrics(out, "sl2a").get("grid_path").asBoolean(), "the fit expanded every pixel");
        assertTrue(row(out).get("settings").get("no-grid").asBoolean(), row(out).toString());
        SweepCli plain = fitMany(images, temp.resolve("plain"));
        assertEquals(0, plain.exitCode(), plain.stderr());
        assertTrue(metrics(temp.resolve("plain"), "sl2a").get("grid_path").asBoolean(), "the grid path by default");
    }

    @Test
    void checkpointEveryReachesTheFitAndOneJobIsSingular() throws Exception {
        Path out = temp.resolve("out");
        SweepCli run = fitMany(oneImage(), out, "--checkpoint-every", 1);
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(1, row(out).get("settings").get("checkpoint-every").asInt(), row(out).toString());
        assertTrue(metrics(out, "sl2a").get("finished").asBoolean());
        assertTrue(run.messageLines().getLast().startsWith("sl2a fit-many: 1 job: 1 fitted, 0 skipped"),
                run.stderr());
        SweepCli bad = fitMany(oneImage(), temp.resolve("bad"), "--checkpoint-every", 0);
        assertEquals(2, bad.exitCode(), bad.stderr());
        assertTrue(bad.stderr().contains("--checkpoint-every must be at least 1, got 0"), bad.stderr());
    }

    @Test
    void aRerunContinuesAFitCutShortAfterACheckpoint() throws Exception {
        Path images = oneImage();
        Path out = temp.resolve("out");
        Path partial = new RunDirectory(out.resolve("a").resolve("sl2a")).partial();
        stoppedAfterOneEpoch(images.resolve("a.png").toAbsolutePath(), partial);
        assertTrue(Files.isRegularFile(partial.resolve(TrainingStateFile.NAME)));
        // A rerun that would change the run is refused by fit --resume (a fresh fit would take it).
        SweepCli changed = fitMany(images, out, "--checkpoint-every", 1, "--epochs", 4);
        assertEquals(SweepRun.SOME_FAILED, changed.exitCode(), changed.stderr());
        assertEquals("--epochs cannot change a run continued with --resume (it keeps its own) (continuing the"
                + " unfinished fit in " + partial + ": remove it to fit this job from the start)",
                row(out).get("error").asText());
        assertTrue(Files.isRegularFile(partial.resolve(TrainingStateFile.NAME)), "left as it was");
        SweepCli run = fitMany(images, out, "--checkpoint-every", 1);
        assertEquals(0, run.exitCode(), run.stderr());
        JsonNode metrics = metrics(out, "sl2a");
        assertEquals(3, metrics.get("epochs").asInt());
        assertTrue(metrics.get("finished").asBoolean());
        assertFalse(Files.exists(partial), "published");
        assertFalse(Files.exists(out.resolve("a").resolve("sl2a").resolve(TrainingStateFile.NAME)));
        // Continued, not started over: the run is the one an uninterrupted fit makes.
        Path alone = temp.resolve("alone");
        List<Object> args = new ArrayList<>(List.of(images.resolve("a.png"), "--model", "sl2a"));
        args.addAll(Arrays.asList(TestImages.SMALL_FIT));
        args.addAll(List.of("--out", alone));
        assertEquals(0, SweepCli.fit(args.toArray()).exitCode());
        assertArrayEquals(Files.readAllBytes(alone.resolve("model.safetensors")),
                Files.readAllBytes(out.resolve("a").resolve("sl2a").resolve("model.safetensors")));
    }

    @Test
    void initStartsEveryFitFromTheCheckpointGivenByARelativePath() throws Exception {
        Path images = oneImage();
        Path first = temp.resolve("first");
        assertEquals(0, fitMany(images, first).exitCode());
        Path checkpoint = first.resolve("a").resolve("sl2a").resolve("model.safetensors");
        Path relative = Path.of("").toAbsolutePath().relativize(checkpoint);
        Path out = temp.resolve("out");
        // No model options: the checkpoint's (width 16, degree 6) are the fit's, and its model names the directory.
        SweepCli run = SweepCli.sweep("fit-many", images, "--init", relative, "--epochs", 1, "--batch", 64,
                "--threads", 1, "--master", "local[1]", "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        JsonNode model = metrics(out, "sl2a").get("model");
        assertEquals("16", model.get("width").asText());
        assertEquals("6", model.get("degree").asText());
        assertEquals(checkpoint.toAbsolutePath().normalize().toString(), row(out).get("settings").get("init").asText(),
                "made absolute for the executors");
        assertTrue(metrics(out, "sl2a").get("psnr_per_epoch").get(0).asDouble()
                > metrics(first, "sl2a").get("psnr_per_epoch").get(0).asDouble(), "started from the trained model");
    }

    @Test
    void modelConfigGivesEachJobItsModelAndOptions() throws Exception {
        Path config = temp.resolve("siren.json");
        Files.writeString(config, "{\"model\": \"siren\", \"width\": 8, \"layers\": 1, \"omega0\": 20}");
        Path out = temp.resolve("out");
        SweepCli run = SweepCli.sweep("fit-many", oneImage(), "--model-config", config, "--epochs", 1, "--batch", 64,
                "--threads", 1, "--master", "local[1]", "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        JsonNode model = metrics(out, "siren").get("model");
        assertEquals("siren", model.get("model").asText());
        assertEquals("8", model.get("width").asText());
        assertEquals("1", model.get("hidden_layers").asText());
        assertEquals(20, Double.parseDouble(model.get("first_omega").asText()), 0.0);
        assertEquals("siren", row(out).get("model").asText());
        assertEquals(8, row(out).get("settings").get("width").asInt(), row(out).toString());
    }

    private Path oneImage() throws Exception {
        Path images = temp.resolve("images");
        if (!Files.exists(images.resolve("a.png"))) {
            TestImages.colour(images, "a", 0);
        }
        return images;
    }

    private static SweepCli fitMany(Path images, Path out, Object... more) {
        List<Object> args = new ArrayList<>(List.of("fit-many", images, "--model", "sl2a", "--master", "local[1]"));
        args.addAll(Arrays.asList(TestImages.SMALL_FIT));
        args.addAll(Arrays.asList(more));
        args.addAll(List.of("--out", out));
        return SweepCli.sweep(args.toArray());
    }

    private static JsonNode metrics(Path out, String model) throws Exception {
        return JSON.readTree(out.resolve("a").resolve(model).resolve("metrics.json").toFile());
    }

    private static JsonNode row(Path out) throws Exception {
        return JSON.readTree(out.resolve("results.json").toFile()).get(0);
    }

    /**
     * What a fit of {@code image} with {@link TestImages#SMALL_FIT} and {@code --checkpoint-every 1}
     * leaves in {@code dir} when it is stopped (Ctrl-C) after its first epoch: the model, the metrics
     * so far and the training state.
     */
    private static void stoppedAfterOneEpoch(Path image, Path dir) throws Exception {
        Files.createDirectories(dir);
        Image picture = ImageReader.read(image);
        ModelSpec spec = ModelRegistry.find("sl2a").orElseThrow();
        ModelConfig config = spec.build(2, picture.channels(),
                OptionValues.of(Map.of("degree", 6, "width", 16, "layers", 2, "rank", "4")));
        TrainingOptions training = new TrainingOptions(3, 64, spec.learningRate(), spec.adam(), 7);
        AtomicBoolean saved = new AtomicBoolean();
        try (Backend backend = new CpuBackend(1, CpuBackend.GemmChoice.AUTO)) {
            FitOutputs.RunInfo info = new FitOutputs.RunInfo(image.toString(), picture.width(), picture.height(),
                    picture.channels(), backend.description(), 64, spec.learningRate(), 7, null);
            ImageFit.Control control = new ImageFit.Control(saved::get, 1, partial -> {
                FitOutputs.write(partial, info, dir);
                saved.set(true);
            });
            FitResult result = ImageFit.fit(picture, new FitSettings(config, training, null, true), null, backend,
                    ProgressReporter.SILENT, control);
            assertFalse(result.finished(), "stopped");
            FitOutputs.write(result, info, dir, true);
        }
    }
}
