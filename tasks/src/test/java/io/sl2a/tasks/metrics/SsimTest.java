package io.sl2a.tasks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SsimTest {
    @Test
    void identicalImagesHaveSsimOne() {
        Image colour = random(30, 20, 3, 1);
        assertEquals(1.0, Ssim.ssim(colour, colour), 1e-12);
        Image tiny = random(4, 3, 1, 2);
        assertEquals(1.0, Ssim.ssim(tiny, tiny), 1e-12);
    }

    @Test
    void isSymmetric() {
        Image a = random(16, 12, 1, 3);
        Image b = random(16, 12, 1, 4);
        assertEquals(Ssim.ssim(a, b), Ssim.ssim(b, a), 1e-15);
    }

    @Test
    void windowIsTheNormalisedElevenTapGaussian() {
        double[] window = Ssim.gaussianWindow(Ssim.WINDOW_SIZE, Ssim.WINDOW_SIGMA);
        double sum = 0;
        for (double w : window) {
            sum += w;
        }
        assertEquals(1.0, sum, 1e-15);
        assertEquals(window[0] * Math.exp(25 / 4.5), window[5], 1e-15);
    }

    @Test
    void imageSmallerThanTheWindowIsComparedPixelByPixel() {
        // No axis is filtered: means are the pixels themselves and variances vanish, so each pixel
        // contributes (2xy + C1) / (x² + y² + C1) · (C2 / C2).
        Image a = new Image(2, 1, 1, new float[] {0.25f, 1.0f});
        Image b = new Image(2, 1, 1, new float[] {0.75f, 1.0f});
        double c1 = 1e-4;
        double first = (2 * 0.25 * 0.75 + c1) / (0.25 * 0.25 + 0.75 * 0.75 + c1);
        assertEquals((first + 1) / 2, Ssim.ssim(a, b), 1e-12);
    }

    @Test
    void matchesTheReferenceFixture() throws IOException, URISyntaxException {
        // Made by reference/make_ssim_fixture.py: skimage's SSIM, and a port of pytorch_msssim for
        // an image shorter than the window.
        Path dir = Path.of(SsimTest.class.getResource("/ssim/expected.json").toURI()).getParent();
        JsonNode cases = new ObjectMapper().readTree(dir.resolve("expected.json").toFile()).get("cases");
        assertEquals(3, cases.size());
        for (JsonNode c : cases) {
            Image a = ImageReader.read(dir.resolve(c.get("a").asText()));
            Image b = ImageReader.read(dir.resolve(c.get("b").asText()));
            String name = c.get("name").asText();
            assertEquals(c.get("width").asInt(), a.width(), name);
            assertEquals(c.get("height").asInt(), a.height(), name);
            assertEquals(c.get("channels").asInt(), a.channels(), name);
            assertEquals(c.get("ssim").asDouble(), Ssim.ssim(a, b), 1e-6, name);
            assertEquals(c.get("psnr").asDouble(), Psnr.psnr(a.pixels(), b.pixels()), 1e-5, name);
        }
    }

    @Test
    void rejectsDifferentShapes() {
        assertThrows(IllegalArgumentException.class, () -> Ssim.ssim(random(12, 12, 1, 1), random(12, 12, 3, 1)));
        assertThrows(IllegalArgumentException.class, () -> Ssim.ssim(random(12, 12, 1, 1), random(12, 13, 1, 1)));
    }

    private static Image random(int width, int height, int channels, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[width * height * channels];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        return new Image(width, height, channels, pixels);
    }
}
