package io.sl2a.tasks.inverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sl2a.nn.train.FitData;
import io.sl2a.nn.train.GridCoordinates;
import io.sl2a.tasks.image.AreaDownscale;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.io.UserInputException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Area downsampling as an operator, bicubic upsampling, and where direct mode puts the observed pixels. */
class SuperResolutionPartsTest {
    private static Image random(int width, int height, int channels, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[width * height * channels];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble();
        }
        return new Image(width, height, channels, values);
    }

    @Test
    void theOperatorsObservationIsOpenCvsAreaDownscale() {
        Image image = random(12, 8, 3, 1);
        Image low = AreaDownsampling.observe(image, 4);
        Image expected = AreaDownscale.downscale(image, 4);
        assertEquals(3, low.width());
        assertEquals(2, low.height());
        for (int i = 0; i < low.pixels().length; i++) {
            assertEquals(expected.pixels()[i], low.pixels()[i], 1e-6f);
        }
        assertEquals(16, AreaDownsampling.operator(12, 8, 4).matrix().rowStart()[1], "each row averages one 4x4 block");
    }

    @Test
    void theImageIsCroppedToAMultipleOfTheScaleAndBadScalesAreRefused() {
        Image image = random(14, 9, 1, 2);
        Image cropped = AreaDownsampling.cropToMultiple(image, 4);
        assertEquals(12, cropped.width());
        assertEquals(8, cropped.height());
        assertEquals(image.get(11, 7, 0), cropped.get(11, 7, 0));
        Image even = random(8, 8, 1, 3);
        assertSame(even, AreaDownsampling.cropToMultiple(even, 4));
        assertEquals("--scale must be at least 2, got 1",
                assertThrows(UserInputException.class, () -> AreaDownsampling.cropToMultiple(image, 1)).getMessage());
        assertEquals("--scale 5 leaves less than 2x2 pixels of a 14x9 image",
                assertThrows(UserInputException.class, () -> AreaDownsampling.cropToMultiple(image, 5)).getMessage());
    }

    @Test
    void bicubicPassesThroughTheSamplesAndKeepsConstants() {
        Image image = random(7, 5, 3, 5);
        // At scale 3 output pixel 3i + 1 sits exactly on source pixel i ((3i + 1.5) / 3 - 0.5 = i).
        Image up = BicubicUpscale.upscale(image, 3);
        assertEquals(21, up.width());
        assertEquals(15, up.height());
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 7; x++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(image.get(x, y, c), up.get(3 * x + 1, 3 * y + 1, c), 1e-6f);
                }
            }
        }
        float[] constant = new float[5 * 4 * 3];
        java.util.Arrays.fill(constant, 0.3f);
        for (float v : BicubicUpscale.upscale(new Image(5, 4, 3, constant), 4).pixels()) {
            assertEquals(0.3f, v, 1e-6f);
        }
        // Halfway between two samples OpenCV's a = -0.75 weights (-3/32, 19/32, 19/32, -3/32): a step overshoots.
        float[] step = {0, 0, 1, 1};
        Image stepUp = BicubicUpscale.upscale(new Image(4, 1, 1, step), 2);
        // Output 4 sits at source 1.75: between 0 (at 1) and 1 (at 2), three quarters of the way.
        double f = 0.75;
        double a = -0.75;
        double w2 = ((a + 2) * (1 - f) - (a + 3)) * (1 - f) * (1 - f) + 1;
        double w3 = ((a * (2 - f) - 5 * a) * (2 - f) + 8 * a) * (2 - f) - 4 * a;
        assertEquals(w2 + w3, stepUp.get(4, 0, 0), 1e-6);
    }

    @Test
    void directModePutsALowResolutionPixelAtItsBlocksCentreOrOnItsOwnLinspace() {
        int scale = 4;
        int high = 32;
        for (int i = 0; i < high / scale; i++) {
            double mean = 0;
            for (int k = 0; k < scale; k++) {
                mean += GridCoordinates.linspace(i * scale + k, high) / (double) scale;
            }
            assertEquals(mean, DirectSuperResolution.position(i, high / scale, scale,
                    DirectSuperResolution.Alignment.CENTRES), 1e-6);
            assertEquals(GridCoordinates.linspace(i, high / scale), DirectSuperResolution.position(i, high / scale, scale,
                    DirectSuperResolution.Alignment.CORNERS));
        }
        Image low = random(5, 3, 3, 4);
        FitData data = DirectSuperResolution.observedPoints(low, scale, DirectSuperResolution.Alignment.CENTRES);
        assertEquals(15, data.points());
        assertArrayEquals(low.pixels(), data.targets());
        // The last pixel of the first row: x at the centre of block 4, y at the centre of block 0.
        assertEquals(DirectSuperResolution.position(4, 5, scale, DirectSuperResolution.Alignment.CENTRES), data.coords()[8]);
        assertEquals(DirectSuperResolution.position(0, 3, scale, DirectSuperResolution.Alignment.CENTRES), data.coords()[9]);
    }
}
