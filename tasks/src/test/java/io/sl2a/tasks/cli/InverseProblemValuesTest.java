package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import io.sl2a.tasks.image.ImageWriter;
import io.sl2a.tasks.inverse.AreaDownsampling;
import io.sl2a.tasks.metrics.Psnr;
import io.sl2a.tasks.metrics.Ssim;
import io.sl2a.tasks.render.Renderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The values a user reads from {@code inpaint}, {@code superres} and {@code ct}, pinned: each network
 * learns from the observation only (images that agree on it give the same bytes, one that differs in
 * it does not), each metric is the one recomputed here from the saved model and the ground truth, and
 * the classical baselines are exact where the closed form says they must be.
 */
class InverseProblemValuesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int W = 16;
    private static final int H = 12;

    @TempDir
    Path temp;

    // ---------------------------------------------------------------- inpaint

    @Test
    void inpaintingLearnsFromTheObservedPixelsOnly() throws Exception {
        float[] base = pattern(W, H, 3, 0);
        Path mask = writeMask(topRowsObserved(W, H, 7));
        float[] otherHidden = base.clone();
        float[] otherSeen = base.clone();
        for (int p = 7 * W; p < W * H; p++) {
            for (int c = 0; c < 3; c++) {
                otherHidden[3 * p + c] = 1f - base[3 * p + c]; // every unobserved pixel changed
            }
        }
        otherSeen[3 * (2 * W + 5)] = 1f - otherSeen[3 * (2 * W + 5)]; // one observed value changed
        Path a = inpaint(write("a.png", base), mask, "a");
        Path b = inpaint(write("b.png", otherHidden), mask, "b");
        Path c = inpaint(write("c.png", otherSeen), mask, "c");

        assertSameParameters(a.resolve("model.safetensors"), b.resolve("model.safetensors"));
        assertArrayEquals(Files.readAllBytes(a.resolve("baseline.png")), Files.readAllBytes(b.resolve("baseline.png")),
                "harmonic fill from the same observed pixels");
        assertArrayEquals(Files.readAllBytes(a.resolve("inpainted.png")), Files.readAllBytes(b.resolve("inpainted.png")));
        assertFalse(sameParameters(a.resolve("model.safetensors"), c.resolve("model.safetensors")),
                "an observed pixel is part of the training signal");
    }

    @Test
    void inpaintingMetricsAreThoseOfTheSavedModel() throws Exception {
        float[] pixels = pattern(W, H, 3, 0);
        boolean[] observed = topRowsObserved(W, H, 7);
        Path out = inpaint(write("img.png", pixels), writeMask(observed), "run", 150);
        Image truth = ImageReader.read(temp.resolve("img.png"));
        Image rendered = render(out.resolve("model.safetensors"), W, H);
        JsonNode network = JSON.readTree(out.resolve("metrics.json").toFile()).get("network");
        assertEquals(Psnr.psnr(rendered.pixels(), truth.pixels()), network.get("psnr").asDouble(), 1e-3);
        assertEquals(unobservedPsnr(rendered, truth, observed), network.get("psnr_unobserved").asDouble(), 1e-3);
        assertEquals(Ssim.ssim(rendered, truth), network.get("ssim").asDouble(), 1e-5);
        // psnr_unobserved is over the hidden rows only: there the fit is worse than over the whole image
        assertTrue(network.get("psnr_unobserved").asDouble() < network.get("psnr").asDouble(), network.toString());
    }

    @Test
    void harmonicFillIsExactOnALinearImage() throws Exception {
        // A linear function of x and y is harmonic, so Laplace's equation with its values on the
        // border and on a scattered interior returns it. Values are multiples of 1/255: the PNG keeps them.
        float[] ramp = new float[W * H];
        boolean[] observed = new boolean[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                ramp[y * W + x] = (40 + 7 * x + 5 * y) / 255f;
                observed[y * W + x] = x == 0 || y == 0 || x == W - 1 || y == H - 1 || (x * 7 + y * 3) % 5 == 0;
            }
        }
        Path image = temp.resolve("ramp.png");
        ImageWriter.writePng(new Image(W, H, 1, ramp), image);
        Path out = inpaint(image, writeMask(observed), "ramp");
        JsonNode baseline = JSON.readTree(out.resolve("metrics.json").toFile()).get("baseline");
        assertTrue(baseline.get("psnr_unobserved").asDouble() > 80, baseline.toString());
        Image filled = ImageReader.read(out.resolve("baseline.png"));
        assertArrayEquals(ImageReader.read(image).pixels(), filled.pixels(), 0f, "the ramp, to the last 8-bit level");
    }

    // ---------------------------------------------------------------- superres

    @Test
    void superResolutionLearnsFromTheLowResolutionImageOnly() throws Exception {
        float[] base = pattern(W, H, 3, 0);
        float[] shuffled = base.clone(); // each 4x4 block's pixels permuted: the same block means
        for (int by = 0; by < H; by += 4) {
            for (int bx = 0; bx < W; bx += 4) {
                for (int k = 0; k < 8; k++) {
                    int p = (by + k / 4) * W + bx + k % 4;
                    int q = (by + 3 - k / 4) * W + bx + 3 - k % 4;
                    for (int c = 0; c < 3; c++) {
                        float t = shuffled[3 * p + c];
                        shuffled[3 * p + c] = shuffled[3 * q + c];
                        shuffled[3 * q + c] = t;
                    }
                }
            }
        }
        assertFalse(Arrays.equals(base, shuffled));
        for (String mode : new String[] {"operator", "direct"}) {
            Path a = superres(write("a-" + mode + ".png", base), mode, "a-" + mode);
            Path b = superres(write("b-" + mode + ".png", shuffled), mode, "b-" + mode);
            assertArrayEquals(Files.readAllBytes(a.resolve("lr.png")), Files.readAllBytes(b.resolve("lr.png")), mode);
            assertSameParameters(a.resolve("model.safetensors"), b.resolve("model.safetensors"));
            assertArrayEquals(Files.readAllBytes(a.resolve("sr.png")), Files.readAllBytes(b.resolve("sr.png")), mode);
            JsonNode ma = JSON.readTree(a.resolve("metrics.json").toFile()).get("sr");
            JsonNode mb = JSON.readTree(b.resolve("metrics.json").toFile()).get("sr");
            assertEquals(ma.get("observation_psnr").asDouble(), mb.get("observation_psnr").asDouble(), 0, mode);
            assertTrue(ma.get("psnr").asDouble() != mb.get("psnr").asDouble(), "judged against different truths");
        }
    }

    @Test
    void superResolutionMetricsAreThoseOfTheSavedModel() throws Exception {
        Path image = write("img.png", pattern(W, H, 3, 0));
        Path out = superres(image, "operator", "run");
        Image truth = ImageReader.read(image);
        Image rendered = render(out.resolve("model.safetensors"), W, H);
        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        JsonNode sr = metrics.get("sr");
        assertEquals(Psnr.psnr(rendered.pixels(), truth.pixels()), sr.get("psnr").asDouble(), 1e-3);
        assertEquals(Ssim.ssim(rendered, truth), sr.get("ssim").asDouble(), 1e-5);
        Image low = AreaDownsampling.observe(truth, 4);
        assertEquals(Psnr.psnr(AreaDownsampling.observe(rendered, 4).pixels(), low.pixels()),
                sr.get("observation_psnr").asDouble(), 1e-3, "measured on the trained network, after the last step");
        // the observation is fitted better than the truth it was taken from is recovered
        assertTrue(sr.get("observation_psnr").asDouble() > sr.get("psnr").asDouble(), sr.toString());
        assertEquals(W / 4, metrics.get("low_width").asInt());
        assertEquals(H / 4, metrics.get("low_height").asInt());
    }

    @Test
    void bicubicUpsamplingOfAConstantImageIsExact() throws Exception {
        float[] grey = new float[W * H];
        Arrays.fill(grey, 100 / 255f);
        Path image = temp.resolve("grey.png");
        ImageWriter.writePng(new Image(W, H, 1, grey), image);
        Path out = superres(image, "operator", "grey");
        JsonNode bicubic = JSON.readTree(out.resolve("metrics.json").toFile()).get("bicubic");
        assertEquals(Double.POSITIVE_INFINITY, bicubic.get("psnr").asDouble(), bicubic.toString());
        assertEquals(1.0, bicubic.get("ssim").asDouble(), 1e-9);
    }

    // ---------------------------------------------------------------- ct

    @Test
    void ctOfADiscMeasuresItsChordsAndScoresTheSavedModel() throws Exception {
        // A centred disc: every angle sees the same projection, 2 sqrt(r^2 - s^2) at offset s.
        int n = 24;
        double r = 7;
        float[] disc = new float[n * n];
        double centre = (n - 1) / 2.0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                disc[y * n + x] = Math.hypot(x - centre, y - centre) <= r ? 1f : 0f;
            }
        }
        Path image = temp.resolve("disc.png");
        ImageWriter.writePng(new Image(n, n, 1, disc), image);
        Path out = temp.resolve("ct");
        CliRun run = CliRun.of("ct", image, "--angles", 6, "--noise", 0, "--epochs", 3, "--degree", 8, "--width", 16,
                "--layers", 1, "--threads", 1, "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        Image sinogram = ImageReader.read(out.resolve("sinogram.png"));
        assertEquals(6, sinogram.height());
        for (int a = 0; a < 6; a++) {
            for (int s = 0; s < n; s++) {
                double offset = s - centre;
                double chord = offset * offset < r * r ? 2 * Math.sqrt(r * r - offset * offset) : 0;
                // scaled by the largest line integral, about the diameter; bilinear rotation blurs the rim
                assertEquals(chord / (2 * r), sinogram.get(s, a, 0), 0.2, "angle " + a + " offset " + s);
            }
        }
        Image rendered = render(out.resolve("model.safetensors"), n, n);
        Image truth = ImageReader.read(image);
        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        JsonNode model = metrics.get("reconstruction");
        assertEquals(Psnr.psnr(rendered.pixels(), truth.pixels()), model.get("psnr").asDouble(), 1e-3);
        assertEquals(CtCommand.fieldOfViewPsnr(rendered, truth), model.get("psnr_field_of_view").asDouble(), 1e-3);
        assertEquals(3, model.get("steps").asInt());
        assertTrue(metrics.get("fbp").get("psnr").asDouble() > 15, "FBP of a noiseless disc: " + metrics.get("fbp"));
    }

    @Test
    void fieldOfViewPsnrCountsOnlyTheInscribedDisc() {
        int n = 10;
        float[] truth = new float[n * n];
        float[] result = new float[n * n];
        result[0] = 1f; // a corner, outside the inscribed disc
        Image t = new Image(n, n, 1, truth);
        assertEquals(Double.POSITIVE_INFINITY, CtCommand.fieldOfViewPsnr(new Image(n, n, 1, result), t));
        result[5 * n + 5] = 0.5f; // one pixel inside: 0.25 over the disc's pixels
        int inside = 0;
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                inside += (x - 4.5) * (x - 4.5) + (y - 4.5) * (y - 4.5) <= 25 ? 1 : 0;
            }
        }
        assertEquals(Psnr.fromMse(0.25 / inside), CtCommand.fieldOfViewPsnr(new Image(n, n, 1, result), t), 1e-9);
    }

    // ---------------------------------------------------------------- helpers

    private Path inpaint(Path image, Path mask, String name) {
        return inpaint(image, mask, name, 3);
    }

    private Path inpaint(Path image, Path mask, String name, int epochs) {
        Path out = temp.resolve(name);
        CliRun run = CliRun.of("inpaint", image, "--mask", mask, "--epochs", epochs, "--model", "relu", "--width", 16,
                "--layers", 1, "--batch", 32, "--lr", 1e-2, "--threads", 1, "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        return out;
    }

    private Path superres(Path image, String mode, String name) {
        Path out = temp.resolve(name);
        CliRun run = CliRun.of("superres", image, "--scale", 4, "--mode", mode, "--epochs", 3, "--model", "relu",
                "--width", 16, "--layers", 1, "--threads", 1, "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        return out;
    }

    /** A smooth pattern with values on 8-bit levels, so that a PNG round trip keeps it. */
    private static float[] pattern(int w, int h, int channels, double phase) {
        float[] pixels = new float[w * h * channels];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    double v = 0.5 + 0.4 * Math.sin(0.4 * x * (c + 1) + 0.3 * y + phase);
                    pixels[(y * w + x) * channels + c] = Math.round(v * 255) / 255f;
                }
            }
        }
        return pixels;
    }

    private Path write(String name, float[] rgb) throws IOException {
        Path file = temp.resolve(name);
        ImageWriter.writePng(new Image(W, H, 3, rgb), file);
        return file;
    }

    private static boolean[] topRowsObserved(int w, int h, int rows) {
        boolean[] observed = new boolean[w * h];
        Arrays.fill(observed, 0, rows * w, true);
        return observed;
    }

    private Path writeMask(boolean[] observed) throws IOException {
        float[] values = new float[observed.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = observed[i] ? 1f : 0f;
        }
        Path file = Files.createTempFile(temp, "mask", ".png");
        ImageWriter.writePng(new Image(W, H, 1, values), file);
        return file;
    }

    private static double unobservedPsnr(Image result, Image truth, boolean[] observed) {
        double sum = 0;
        int count = 0;
        int channels = truth.channels();
        for (int p = 0; p < observed.length; p++) {
            for (int c = 0; !observed[p] && c < channels; c++) {
                double d = result.pixels()[p * channels + c] - truth.pixels()[p * channels + c];
                sum += d * d;
                count++;
            }
        }
        return Psnr.fromMse(sum / count);
    }

    /** The saved model rendered on a fresh cpu backend, clamped as every rendering is. */
    static Image render(Path model, int width, int height) {
        ModelCheckpoint checkpoint = ModelCheckpoint.load(model);
        try (CpuBackend backend = new CpuBackend(1, CpuBackend.GemmChoice.JAVA);
                DeviceNetwork network = DeviceNetwork.create(backend, checkpoint.config().graph(), width * height,
                        AdamSettings.PYTORCH, 0)) {
            network.setParameters(checkpoint.parameters());
            return Renderer.render(network, width, height);
        }
    }

    private static boolean sameParameters(Path a, Path b) {
        Map<String, float[]> first = ModelCheckpoint.load(a).parameters();
        Map<String, float[]> second = ModelCheckpoint.load(b).parameters();
        return first.keySet().equals(second.keySet())
                && first.entrySet().stream().allMatch(p -> Arrays.equals(p.getValue(), second.get(p.getKey())));
    }

    private static void assertSameParameters(Path a, Path b) {
        Map<String, float[]> expected = ModelCheckpoint.load(a).parameters();
        Map<String, float[]> actual = ModelCheckpoint.load(b).parameters();
        assertEquals(expected.keySet(), actual.keySet());
        for (Map.Entry<String, float[]> p : expected.entrySet()) {
            assertArrayEquals(p.getValue(), actual.get(p.getKey()), 0f, p.getKey() + " bit for bit");
        }
    }
}
