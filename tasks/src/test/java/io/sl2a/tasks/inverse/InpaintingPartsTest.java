package io.sl2a.tasks.inverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sl2a.nn.train.FitData;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.io.UserInputException;
import org.junit.jupiter.api.Test;

/** The inpainting task's pieces: the masks, the observed training points, the harmonic fill. */
class InpaintingPartsTest {
    @Test
    void aRandomMaskKeepsExactlyTheFractionReproducibly() {
        PixelMask a = PixelMask.random(20, 10, 0.3, 7);
        assertEquals(60, a.observedCount());
        assertArrayEquals(a.observed(), PixelMask.random(20, 10, 0.3, 7).observed(), "the same seed, the same mask");
        assertFalse(java.util.Arrays.equals(a.observed(), PixelMask.random(20, 10, 0.3, 8).observed()));
        assertEquals(200, PixelMask.random(20, 10, 1.0, 1).observedCount());
        assertThrows(UserInputException.class, () -> PixelMask.random(4, 4, 0, 1));
        assertThrows(UserInputException.class, () -> PixelMask.random(4, 4, 1.5, 1));
    }

    @Test
    void aMaskImageObservesItsWhitePixels() {
        float[] values = {1f, 0f, 0.9f, 0.2f, 1f, 1f};
        PixelMask mask = PixelMask.fromImage(new Image(3, 2, 1, values), 3, 2, "m.png");
        assertArrayEquals(new boolean[] {true, false, true, false, true, true}, mask.observed());
        UserInputException size = assertThrows(UserInputException.class,
                () -> PixelMask.fromImage(new Image(3, 2, 1, values), 4, 2, "m.png"));
        assertEquals("--mask m.png is 3x2, the image is 4x2", size.getMessage());
        UserInputException none = assertThrows(UserInputException.class,
                () -> PixelMask.fromImage(new Image(3, 2, 1, new float[6]), 3, 2, "m.png"));
        assertEquals("--mask m.png observes no pixel (white = observed)", none.getMessage());
    }

    @Test
    void theTrainingPointsAreTheObservedPixelsAtTheirGridPlaces() {
        int w = 5;
        int h = 4;
        float[] pixels = new float[w * h * 3];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i / (float) pixels.length;
        }
        Image image = new Image(w, h, 3, pixels);
        PixelMask mask = PixelMask.random(w, h, 0.5, 3);
        FitData data = MaskedFit.observedPoints(image, mask);
        FitData all = FitData.image(w, h, 3, pixels);
        assertEquals(10, data.points());
        int at = 0;
        for (int p = 0; p < w * h; p++) {
            if (!mask.observed()[p]) {
                continue;
            }
            for (int c = 0; c < 3; c++) {
                assertEquals(pixels[3 * p + c], data.targets()[3 * at + c], 0f);
            }
            for (int i = 0; i < 2; i++) {
                assertEquals(all.coords()[2 * p + i], data.coords()[2 * at + i], 0f);
                assertEquals(all.grid().pointIndex()[2 * p + i], data.grid().pointIndex()[2 * at + i], 0f);
            }
            at++;
        }
    }

    @Test
    void harmonicFillReproducesARampAndKeepsTheObservedPixels() {
        int w = 24;
        int h = 16;
        float[] pixels = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                pixels[y * w + x] = 0.1f + 0.8f * x / (w - 1); // harmonic: a linear ramp along x
            }
        }
        boolean[] observed = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            observed[y * w] = true; // the left and right columns only
            observed[y * w + w - 1] = true;
        }
        Image filled = HarmonicFill.fill(new Image(w, h, 1, pixels), new PixelMask(w, h, observed));
        for (int p = 0; p < w * h; p++) {
            assertEquals(pixels[p], filled.pixels()[p], observed[p] ? 0f : 1e-3f, "pixel " + p);
        }
    }
}
