package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.nn.models.Sl2aConfig;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import io.sl2a.tasks.metrics.Psnr;
import io.sl2a.tasks.metrics.Ssim;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a fit promises beyond writing its outputs, each judged by its effect on those outputs. */
class FitBehaviourTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private static JsonNode metrics(Path out) throws IOException {
        return JSON.readTree(out.resolve("metrics.json").toFile());
    }

    private static Object[] args(Object... parts) {
        return Stream.of(parts).flatMap(p -> p instanceof Object[] array ? Stream.of(array) : Stream.of(p)).toArray();
    }

    @Test
    void noGridRunsThePerPointPathToTheSameResultWithinRounding() throws IOException {
        Path image = TinyImages.colour(temp, 24, 16);
        Path grid = temp.resolve("grid");
        Path perPoint = temp.resolve("per-point");
        assertEquals(0, CliRun.of(args("fit", image, "--out", grid, "--epochs", 3,
                TinyImages.smallModel())).exitCode());
        assertEquals(0, CliRun.of(args("fit", image, "--out", perPoint, "--epochs", 3, "--no-grid",
                TinyImages.smallModel()))
                .exitCode());
        assertTrue(metrics(grid).get("grid_path").asBoolean());
        assertFalse(metrics(perPoint).get("grid_path").asBoolean());
        JsonNode a = metrics(grid).get("psnr_per_epoch");
        JsonNode b = metrics(perPoint).get("psnr_per_epoch");
        for (int e = 0; e < 3; e++) {
            assertEquals(a.get(e).asDouble(), b.get(e).asDouble(), 1e-3, "PSNR of epoch " + e);
        }
        assertEquals(metrics(grid).get("psnr").asDouble(), metrics(perPoint).get("psnr").asDouble(), 1e-3);
        // Other operations, other rounding: the two paths' models are close but not the same bits.
        assertFalse(Arrays.equals(Files.readAllBytes(grid.resolve("model.safetensors")),
                Files.readAllBytes(perPoint.resolve("model.safetensors"))), "--no-grid changed nothing");
    }

    @Test
    void theReconstructionMadeInBatchSizedChunksEqualsARenderInOneChunk() throws IOException {
        Path image = TinyImages.colour(temp, 24, 16);
        Path out = temp.resolve("fit");
        // 384 pixels, batches of 64: fit renders its reconstruction in six chunks.
        assertEquals(0, CliRun.of(args("fit", image, "--out", out, "--epochs", 2, TinyImages.smallModel())).exitCode());
        Path rendered = temp.resolve("render.png");
        assertEquals(0, CliRun.of("render", out.resolve("model.safetensors"), "--width", 24, "--height", 16, "--out",
                rendered)
                .exitCode());
        Image inChunks = ImageReader.read(out.resolve("reconstruction.png"));
        Image whole = ImageReader.read(rendered);
        float worst = 0;
        for (int i = 0; i < whole.valueCount(); i++) {
            worst = Math.max(worst, Math.abs(inChunks.pixels()[i] - whole.pixels()[i]));
        }
        assertTrue(worst <= 1.0f / 255 + 1e-6f, "reconstruction differs from the render by " + worst * 255 + " levels");
    }

    /** A checkpoint whose network outputs the constant {@code colour} everywhere (output weights zero). */
    private Path constantModel(String name, float... colour) throws IOException {
        Sl2aConfig config = new Sl2aConfig(2, colour.length, 6, 16, 2, 4, true, true);
        Map<String, float[]> parameters = config.graph().initialParameters(3);
        Arrays.fill(parameters.get(Sl2aConfig.outputWeight(config)), 0.0f);
        System.arraycopy(colour, 0, parameters.get(Sl2aConfig.outputBias(config)), 0, colour.length);
        return Files.write(temp.resolve(name), new ModelCheckpoint(config, parameters).toBytes());
    }

    @Test
    void psnrAndSsimAreMeasuredOnTheRenderingClampedToTheUnitRange() throws IOException {
        Path image = TinyImages.colour(temp, 24, 16);
        Path start = constantModel("constant.safetensors", 2.5f, -1.5f, 0.25f);
        Path out = temp.resolve("clamped");
        // A learning rate far below float resolution: the model stays the constant one.
        CliRun run = CliRun.of("fit", image, "--out", out, "--epochs", 1, "--init", start, "--lr", "1e-30", "--batch",
                64);
        assertEquals(0, run.exitCode(), run.stderr());
        Image target = ImageReader.read(image);
        float[] clamped = new float[target.valueCount()];
        for (int p = 0; p < target.pixelCount(); p++) {
            clamped[3 * p] = 1.0f;
            clamped[3 * p + 1] = 0.0f;
            clamped[3 * p + 2] = 0.25f;
        }
        Image expected = new Image(24, 16, 3, clamped);
        assertEquals(Psnr.psnr(clamped, target.pixels()), metrics(out).get("psnr").asDouble(), 1e-4,
                "PSNR of the clamped rendering");
        assertEquals(Ssim.ssim(expected, target), metrics(out).get("ssim").asDouble(), 1e-4,
                "SSIM of the clamped rendering");
        assertArrayEquals(clamped, ImageReader.read(out.resolve("reconstruction.png")).pixels(), 0.5f / 255);
    }

    @Test
    void renderRefusesAModelWhoseOutputIsNotFinite() throws IOException {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            Path model = constantModel("bad.safetensors", 0.5f, bad, 0.5f);
            Path png = temp.resolve("bad.png");
            CliRun run = CliRun.of("render", model, "--width", 5, "--height", 4, "--out", png);
            assertEquals(Main.BAD_INPUT, run.exitCode(), run.stderr());
            assertEquals(java.util.List.of("sl2a: " + model + ": the model's output is not finite at 20 of 60 values"
                    + " (a diverged model?); nothing written"), run.messageLines());
            assertFalse(Files.exists(png));
        }
    }

    @Test
    void aDivergedFitKeepsAFiniteModelThatRenders() throws IOException {
        Path image = TinyImages.colour(temp, 24, 16);
        Path out = temp.resolve("nan");
        CliRun run = CliRun.of(args("fit", image, "--out", out, "--epochs", 5, "--lr", "1e30",
                TinyImages.smallModel()));
        assertEquals(3, run.exitCode(), run.stderr());
        assertTrue(run.messageLines().contains("sl2a fit: loss became NaN at epoch 1; try a smaller --lr; kept the model after 0"
                + " good epochs in " + out.resolve("model.safetensors")), run.stderr());
        ModelCheckpoint kept = ModelCheckpoint.load(out.resolve("model.safetensors"));
        for (Map.Entry<String, float[]> p : kept.parameters().entrySet()) {
            for (float v : p.getValue()) {
                assertTrue(Float.isFinite(v), p.getKey() + " is finite");
            }
        }
        assertEquals(0, CliRun.of("render", out.resolve("model.safetensors"), "--width", 8, "--height", 8, "--out",
                temp.resolve("nan.png")).exitCode());
    }

    @Test
    void everyOutputReplacesItsOldFileByRenameSoAReaderOfTheOldFileKeepsIt() throws IOException {
        Path image = TinyImages.colour(temp, 24, 16);
        Path out = Files.createDirectories(temp.resolve("again"));
        Path held = Files.createDirectories(temp.resolve("held"));
        String[] names = {"model.safetensors", "reconstruction.png", "convergence.png", "metrics.json"};
        for (String name : names) {
            Files.writeString(out.resolve(name), "old " + name);
            // A second name for the same file, as a reader that has it open would hold it.
            Files.createLink(held.resolve(name), out.resolve(name));
        }
        assertEquals(0, CliRun.of(args("fit", image, "--out", out, "--epochs", 1, TinyImages.smallModel())).exitCode());
        for (String name : names) {
            assertFalse(Arrays.equals(("old " + name).getBytes(StandardCharsets.UTF_8),
                    Files.readAllBytes(out.resolve(name))),
                    name + " was rewritten");
            assertEquals("old " + name, Files.readString(held.resolve(name)),
                    name + " was written in place, not replaced");
        }
        // The model kept by a diverged run is written the same way.
        CliRun diverged = CliRun.of(args("fit", image, "--out", out, "--epochs", 2, "--lr", "1e30",
                TinyImages.smallModel()));
        assertEquals(3, diverged.exitCode(), diverged.stderr());
        Files.delete(held.resolve("model.safetensors"));
        Files.createLink(held.resolve("model.safetensors"), out.resolve("model.safetensors"));
        byte[] before = Files.readAllBytes(out.resolve("model.safetensors"));
        assertEquals(3, CliRun.of(args("fit", image, "--out", out, "--epochs", 2, "--lr", "1e30", "--seed", 5,
                TinyImages.smallModel())).exitCode());
        assertArrayEquals(before, Files.readAllBytes(held.resolve("model.safetensors")), "kept model written in place");
        try (Stream<Path> files = Files.list(out)) {
            // The four outputs and the run's lock file (empty once the run is over).
            assertEquals(5, files.count(), "no temporary files left behind");
            assertEquals(0, Files.size(out.resolve(io.sl2a.tasks.io.OutputDirectory.LOCK)));
        }
    }

    @Test
    void anImageWithFewerPixelsThanTheDefaultBatchTrainsInOneBatchPerEpoch() throws IOException {
        // 384 pixels and the default batch of 16384 (once an internal error).
        Path image = TinyImages.colour(temp, 24, 16);
        Path out = temp.resolve("one-batch");
        CliRun run = CliRun.of("fit", image, "--out", out, "--epochs", 2, "--degree", 6, "--width", 16, "--layers", 2,
                "--rank", 4);
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(16384, metrics(out).get("batch").asInt());
        assertEquals(2, metrics(out).get("psnr_per_epoch").size());
    }

    @Test
    void theSmallestBatchRankAndRenderAreAccepted() throws IOException {
        Path image = TinyImages.colour(temp, 4, 3);
        Path out = temp.resolve("smallest");
        CliRun run = CliRun.of("fit", image, "--out", out, "--epochs", 2, "--degree", 2, "--width", 4, "--layers", 1,
                "--rank", 1, "--batch", 1);
        assertEquals(0, run.exitCode(), run.stderr());
        Path pixel = temp.resolve("pixel.png");
        assertEquals(0, CliRun.of("render", out.resolve("model.safetensors"), "--width", 1, "--height", 1, "--out",
                pixel)
                .exitCode());
        assertEquals(1, ImageReader.read(pixel).pixelCount());
    }

    @Test
    void aRenderTooLargeForTheHeapIsRefusedBeforeAnythingIsAllocated() throws IOException {
        Path model = constantModel("small.safetensors", 0.5f, 0.5f, 0.5f);
        Path png = temp.resolve("huge.png");
        long heapGiB = Runtime.getRuntime().maxMemory() >> 30;
        // 32 bytes a pixel of coordinates and outputs: a side of this many pixels needs about four heaps.
        int side = (int) Math.min(18_000, Math.sqrt(4.0 * (heapGiB + 1) * (1L << 30) / 32));
        CliRun run = CliRun.of("render", model, "--width", side, "--height", side, "--out", png);
        assertEquals(Main.BAD_INPUT, run.exitCode(), run.stderr());
        assertEquals(1, run.messageLines().size(), run.stderr());
        assertTrue(run.messageLines().get(0).matches("sl2a: this model and batch need [0-9.]+ GiB of memory but only [0-9.]+"
                + " GiB is available; lower --width and --height \\(or raise the heap with SL2A_JAVA_OPTS=-Xmx\\.\\.\\.\\)"),
                run.stderr());
        assertFalse(Files.exists(png));
    }
}
