package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FitCommandTest {
    @TempDir
    Path temp;

    private Object[] fitArgs(Path image, Path out, Object... extra) {
        return Stream.of(new Object[] {"fit", image, "--out", out, "--epochs", 3}, TinyImages.smallModel(), extra)
                .flatMap(Stream::of).toArray();
    }

    @Test
    void fitWritesTheFourOutputs() throws Exception {
        Path image = TinyImages.colour(temp, 24, 16);
        Path out = temp.resolve("run");
        CliRun run = CliRun.of(fitArgs(image, out));
        assertEquals(0, run.exitCode(), run.stderr());
        for (String name : new String[] {"model.safetensors", "reconstruction.png", "convergence.png", "metrics.json"}) {
            assertTrue(Files.size(out.resolve(name)) > 0, name);
        }
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        for (String key : new String[] {"psnr", "ssim", "params", "epochs", "train_seconds", "samples_per_second"}) {
            assertTrue(metrics.get(key).isNumber(), key);
        }
        assertEquals(3, metrics.get("psnr_per_epoch").size());
        assertEquals(3, metrics.get("epochs").asInt());
        Image reconstruction = ImageReader.read(out.resolve("reconstruction.png"));
        assertEquals(24, reconstruction.width());
        assertEquals(16, reconstruction.height());
        try (Stream<Path> files = Files.list(out)) {
            // The four outputs and the run's lock file (empty once the run is over).
            assertEquals(5, files.count(), "no temporary files left behind");
            assertEquals(0, Files.size(out.resolve(io.sl2a.tasks.io.OutputDirectory.LOCK)));
        }
    }

    @Test
    void greyJpegFitsWithOneChannelAndDownscale() throws Exception {
        java.awt.image.BufferedImage grey = new java.awt.image.BufferedImage(40, 30, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                grey.getRaster().setSample(x, y, 0, (x * 6 + y * 3) % 256);
            }
        }
        Path jpeg = temp.resolve("grey.jpg");
        javax.imageio.ImageIO.write(grey, "jpg", jpeg.toFile());
        Path out = temp.resolve("grey");
        CliRun run = CliRun.of(fitArgs(jpeg, out, "--downscale", 2));
        assertEquals(0, run.exitCode(), run.stderr());
        Image reconstruction = ImageReader.read(out.resolve("reconstruction.png"));
        assertEquals(20, reconstruction.width());
        assertEquals(15, reconstruction.height());
        assertEquals(1, reconstruction.channels());
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(1, metrics.get("channels").asInt());
    }

    @Test
    void fitRunsOnTheOpenClBackendAndAnUnknownDeviceIsOneLine() throws Exception {
        boolean openCl;
        try {
            openCl = !io.sl2a.backend.opencl.OpenClDevices.list().isEmpty();
        } catch (io.sl2a.backend.opencl.OpenClUnavailableException e) {
            openCl = false;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(openCl, "skipped: no OpenCL platform (apt-get install pocl-opencl-icd)");
        Path image = TinyImages.colour(temp, 24, 16);
        Path out = temp.resolve("opencl");
        CliRun run = CliRun.of("fit", image, "--out", out, "--epochs", 2, "--degree", 6, "--width", 16, "--layers", 2,
                "--rank", 4, "--batch", 64, "--backend", "opencl", "--device", 0);
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(Files.exists(out.resolve("metrics.json")));
        assertTrue(run.stderr().contains("opencl: "), run.stderr());
        CliRun unknown = CliRun.of("fit", image, "--out", temp.resolve("none"), "--backend", "opencl", "--device",
                "no-such-device");
        assertEquals(Main.BAD_INPUT, unknown.exitCode());
        assertEquals(1, unknown.messageLines().size(), unknown.stderr());
        assertTrue(unknown.stderr().contains("no OpenCL device matches 'no-such-device'"), unknown.stderr());
    }

    @Test
    void aSeededRunIsReproducible() throws Exception {
        Path image = TinyImages.colour(temp, 20, 12);
        assertEquals(0, CliRun.of(fitArgs(image, temp.resolve("a"))).exitCode());
        assertEquals(0, CliRun.of(fitArgs(image, temp.resolve("b"))).exitCode());
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(temp.resolve("a/metrics.json").toFile()).get("psnr_per_epoch"),
                json.readTree(temp.resolve("b/metrics.json").toFile()).get("psnr_per_epoch"));
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(temp.resolve("a/model.safetensors")),
                Files.readAllBytes(temp.resolve("b/model.safetensors"))));
    }

    @Test
    void initContinuesFromACheckpointAndRenderDecodesAtAnySize() throws Exception {
        Path image = TinyImages.colour(temp, 24, 16);
        assertEquals(0, CliRun.of(fitArgs(image, temp.resolve("first"))).exitCode());
        Path checkpoint = temp.resolve("first/model.safetensors");
        CliRun second = CliRun.of("fit", image, "--out", temp.resolve("second"), "--epochs", 2, "--init", checkpoint,
                "--batch", 64);
        assertEquals(0, second.exitCode(), second.stderr());
        Path big = temp.resolve("big.png");
        CliRun render = CliRun.of("render", checkpoint, "--width", 48, "--height", 40, "--out", big);
        assertEquals(0, render.exitCode(), render.stderr());
        Image rendered = ImageReader.read(big);
        assertEquals(48, rendered.width());
        assertEquals(40, rendered.height());
        assertEquals(3, rendered.channels());
    }

    @Test
    void initWithContradictingOptionsIsRefused() throws Exception {
        Path image = TinyImages.colour(temp, 24, 16);
        assertEquals(0, CliRun.of(fitArgs(image, temp.resolve("first"))).exitCode());
        CliRun run = CliRun.of("fit", image, "--out", temp.resolve("second"), "--init", temp.resolve("first/model.safetensors"),
                "--degree", 9);
        assertEquals(Main.BAD_INPUT, run.exitCode());
        assertEquals(1, run.messageLines().size(), run.stderr());
        assertTrue(run.stderr().contains("--degree 9 contradicts"), run.stderr());
        assertFalse(Files.exists(temp.resolve("second/model.safetensors")));
    }

    @Test
    void aDivergingRunStopsAndKeepsTheLastGoodCheckpoint() throws Exception {
        Path image = TinyImages.colour(temp, 24, 16);
        Path out = temp.resolve("nan");
        CliRun run = CliRun.of(fitArgs(image, out, "--lr", "1e30", "--epochs", 5));
        assertEquals(3, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("loss became NaN"), run.stderr());
        assertTrue(Files.exists(out.resolve("model.safetensors")));
        assertFalse(Files.exists(out.resolve("metrics.json")));
        // The kept checkpoint is finite and loads.
        assertEquals(0, CliRun.of("render", out.resolve("model.safetensors"), "--width", 8, "--height", 8, "--out",
                temp.resolve("nan.png")).exitCode());
    }

    @Test
    void paramsSizesTheModelAndRefusesItsSizeOptionAndACheckpoint() throws Exception {
        Path image = TinyImages.colour(temp, 24, 16);
        Path out = temp.resolve("sized");
        CliRun run = CliRun.of("fit", image, "--model", "relu", "--params", 20000, "--epochs", 1, "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        long params = new ObjectMapper().readTree(out.resolve("metrics.json").toFile()).get("params").asLong();
        assertTrue(Math.abs(params - 20000) <= 1000, "params " + params);
        CliRun both = CliRun.of("fit", image, "--model", "relu", "--width", 32, "--params", 20000, "--out",
                temp.resolve("both"));
        assertEquals(java.util.List.of("sl2a: --width and --params both set the model's size: give one"),
                both.messageLines());
        CliRun init = CliRun.of("fit", image, "--init", out.resolve("model.safetensors"), "--params", 20000, "--out",
                temp.resolve("init"));
        assertEquals(java.util.List.of("sl2a: --params cannot resize the model of --init: the checkpoint decides its"
                + " size"), init.messageLines());
    }
}
