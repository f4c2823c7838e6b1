package io.sl2a.tasks.inverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.nn.operators.MeasurementOperator;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.metrics.Psnr;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The Radon transform against closed forms (a disc's chords, a point's sinusoid) and filtered
 * back-projection of a real phantom.
 */
class RadonTransformTest {
    private static final int SIZE = 64;

    @Test
    void aDiscProjectsToItsChordLengthsAtEveryAngle() {
        double radius = 20;
        double c = (SIZE - 1) / 2.0;
        float[] disc = new float[SIZE * SIZE];
        // Each pixel covered by the disc in proportion, sampled 8x8 within the pixel.
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int inside = 0;
                for (int sy = 0; sy < 8; sy++) {
                    for (int sx = 0; sx < 8; sx++) {
                        double dx = x - 0.5 + (sx + 0.5) / 8 - c;
                        double dy = y - 0.5 + (sy + 0.5) / 8 - c;
                        inside += dx * dx + dy * dy <= radius * radius ? 1 : 0;
                    }
                }
                disc[y * SIZE + x] = inside / 64f;
            }
        }
        int angles = 7;
        float[] sinogram = RadonTransform.operator(SIZE, SIZE, angles).matrix().apply(disc, 1);
        double worst = 0;
        for (int a = 0; a < angles; a++) {
            for (int bin = 0; bin < SIZE; bin++) {
                double t = bin - c;
                double chord = Math.abs(t) < radius ? 2 * Math.sqrt(radius * radius - t * t) : 0;
                if (Math.abs(Math.abs(t) - radius) > 1.5) { // away from the rim, where a pixel is partly covered
                    worst = Math.max(worst, Math.abs(sinogram[a * SIZE + bin] - chord));
                }
            }
        }
        assertTrue(worst < 0.5, "largest difference from the chord length 2 sqrt(r^2 - t^2): " + worst);
    }

    /**
     * A point (a Gaussian blob of sigma 1.5 pixels, so that the rotation's resampling does not alias
     * it) projects at every angle to the 1-D Gaussian of the same sigma and mass, centred on the
     * sinusoid {@code c + cos(theta) (x0 - c) + sin(theta) (y0 - c)}.
     */
    @Test
    void aPointProjectsOntoItsSinusoidWithItsMass() {
        double x0 = 40;
        double y0 = 21;
        double sigma = 1.5;
        float[] point = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                double r2 = (x - x0) * (x - x0) + (y - y0) * (y - y0);
                point[y * SIZE + x] = (float) Math.exp(-r2 / (2 * sigma * sigma));
            }
        }
        double mass = 2 * Math.PI * sigma * sigma;
        int angles = 12;
        float[] sinogram = RadonTransform.operator(SIZE, SIZE, angles).matrix().apply(point, 1);
        double c = (SIZE - 1) / 2.0;
        for (int a = 0; a < angles; a++) {
            double theta = Math.toRadians(180.0 * a / angles);
            double centre = c + Math.cos(theta) * (x0 - c) + Math.sin(theta) * (y0 - c);
            assertEquals(centre, RadonTransform.detectorPosition(x0, y0, SIZE, SIZE, Math.cos(theta), Math.sin(theta)),
                    1e-9);
            double total = 0;
            double worst = 0;
            for (int bin = 0; bin < SIZE; bin++) {
                double expected = mass / (Math.sqrt(2 * Math.PI) * sigma)
                        * Math.exp(-(bin - centre) * (bin - centre) / (2 * sigma * sigma));
                worst = Math.max(worst, Math.abs(sinogram[a * SIZE + bin] - expected));
                total += sinogram[a * SIZE + bin];
            }
            assertEquals(mass, total, 0.02 * mass, "mass at angle " + a);
            assertTrue(worst < 0.08 * mass / (Math.sqrt(2 * Math.PI) * sigma), "profile at angle " + a + ": " + worst);
        }
    }

    @Test
    void anglesCoverHalfATurnWithoutItsEnd() {
        assertEquals(0.0, RadonTransform.angle(0, 100));
        assertEquals(178.2, RadonTransform.angle(99, 100), 1e-9);
        MeasurementOperator radon = RadonTransform.operator(8, 6, 3);
        assertEquals(3 * 8, radon.measurements());
        assertEquals(48, radon.points());
        UserInputException e = assertThrows(UserInputException.class, () -> RadonTransform.operator(8, 8, 0));
        assertEquals("--angles must be at least 1, got 0", e.getMessage());
    }

    @Test
    void filteredBackProjectionOfThePhantomFrom180AnglesReaches27Decibels() {
        Image phantom = CtSlice.read(Path.of("../samples/phantom.png"));
        int width = phantom.width();
        float[] sinogram = RadonTransform.operator(width, phantom.height(), 180).matrix().apply(phantom.pixels(), 1);
        float[] fbp = FilteredBackProjection.reconstruct(sinogram, width, phantom.height(), 180);
        for (int i = 0; i < fbp.length; i++) {
            fbp[i] = Math.min(1, Math.max(0, fbp[i]));
        }
        double psnr = Psnr.psnr(fbp, phantom.pixels());
        assertTrue(psnr > 27.0, "FBP of the 128x128 phantom from 180 angles: " + psnr + " dB");
        // From 20 angles the streaks cost far more.
        float[] sparse = RadonTransform.operator(width, phantom.height(), 20).matrix().apply(phantom.pixels(), 1);
        float[] few = FilteredBackProjection.reconstruct(sparse, width, phantom.height(), 20);
        for (int i = 0; i < few.length; i++) {
            few[i] = Math.min(1, Math.max(0, few[i]));
        }
        assertTrue(Psnr.psnr(few, phantom.pixels()) < psnr - 3, "20 angles against 180");
    }

    @Test
    void theRampFilterIsZeroAtZeroFrequencyAndOneAtNyquist() {
        double[] ramp = FilteredBackProjection.rampResponse(64);
        assertEquals(0.0, ramp[0], 1e-2);
        assertEquals(1.0, ramp[32], 2e-2);
        assertEquals(ramp[5], ramp[64 - 5], 1e-12);
        assertTrue(ramp[8] > ramp[4] && ramp[4] > ramp[1], "rising with frequency");
    }
}
