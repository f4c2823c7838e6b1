package io.sl2a.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link VolumeRenderKernels}'s forward against hand computations: an opaque sample shows its colour,
 * an empty ray the background, a three-sample ray the closed form of its weights, and the clamp of the
 * raw density. The backward's gradients are checked in {@link VolumeRenderKernelsGradientTest}.
 */
class VolumeRenderKernelsTest {
    private static final int W = VolumeRenderKernels.FIELD_WIDTH;

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /** Renders every ray of {@code field} (rays * samples rows) into [rgb(3), opacity, depth] per ray. */
    private static float[][] render(float[] field, float[] t, float[] delta, int samples, float background) {
        int rays = field.length / W / samples;
        float[] rgb = new float[rays * 3];
        float[] opacity = new float[rays];
        float[] depth = new float[rays];
        for (int ray = 0; ray < rays; ray++) {
            VolumeRenderKernels.renderRay(ray, field, t, delta, samples, background, rgb, opacity, depth);
        }
        return new float[][] {rgb, opacity, depth};
    }

    @Test
    void anOpaqueFirstSampleShowsItsColourAndDepth() {
        // sigma = exp(15) ~ 3.3e6 over delta 1: alpha is 1 in float, nothing behind the sample counts.
        int samples = 4;
        float[] field = {15f, 0.3f, -1.2f, 2.0f, 1f, 5f, 5f, 5f, 2f, -5f, -5f, -5f, 0f, 1f, 1f, 1f};
        float[] t = {0.5f, 1.0f, 1.5f, 2.0f};
        float[] delta = {1f, 0.5f, 0.5f, 0.5f};
        float[][] out = render(field, t, delta, samples, 0.8f);
        for (int c = 0; c < 3; c++) {
            assertEquals((float) sigmoid(field[1 + c]), out[0][c], 0.0f, "rgb " + c);
        }
        assertEquals(1.0f, out[1][0], 0.0f);
        assertEquals(0.5f, out[2][0], 0.0f);
    }

    @Test
    void anEmptyRayShowsTheBackground() {
        // Two rays: densities exp(-100) (below float's smallest normal) everywhere; zero deltas everywhere.
        int samples = 3;
        float[] field = new float[2 * samples * W];
        float[] delta = new float[2 * samples];
        for (int row = 0; row < 2 * samples; row++) {
            field[row * W] = row < samples ? -100f : 3f;
            field[row * W + 1] = 0.1f * row;
            field[row * W + 2] = -0.2f * row;
            field[row * W + 3] = 0.7f;
            delta[row] = row < samples ? 0.3f : 0.0f;
        }
        float[] t = {1f, 2f, 3f, 1f, 2f, 3f};
        float[][] out = render(field, t, delta, samples, 0.25f);
        for (int k = 0; k < 6; k++) {
            assertEquals(0.25f, out[0][k], 0.0f, "rgb " + k);
        }
        for (int ray = 0; ray < 2; ray++) {
            assertEquals(0.0f, out[1][ray], 0.0f, "opacity " + ray);
            assertEquals(0.0f, out[2][ray], 0.0f, "depth " + ray);
        }
    }

    @Test
    void threeSamplesGiveTheClosedFormOfTheirWeights() {
        // sigma = (1, 2, 4) over delta = (0.5, 0.25, 0.125): sigma delta = 0.5 each, so
        // alpha_i = 1 - e^-0.5 = a, T = (1, e^-0.5, e^-1), w_i = T_i a, and sum w = 1 - e^-1.5.
        int samples = 3;
        float[] field = {0f, 0.5f, -0.5f, 1f, (float) Math.log(2), 1f, 2f, -2f, (float) Math.log(4), -1f, 0f, 3f};
        float[] t = {1f, 1.5f, 2.5f};
        float[] delta = {0.5f, 0.25f, 0.125f};
        float background = 0.6f;
        float[][] out = render(field, t, delta, samples, background);
        double a = 1.0 - Math.exp(-0.5);
        double[] w = {a, Math.exp(-0.5) * a, Math.exp(-1.0) * a};
        double opacity = 1.0 - Math.exp(-1.5);
        assertEquals(opacity, w[0] + w[1] + w[2], 1e-15, "the weights sum to 1 - T_n");
        for (int c = 0; c < 3; c++) {
            double expected = (1.0 - opacity) * background;
            for (int i = 0; i < samples; i++) {
                expected += w[i] * sigmoid(field[i * W + 1 + c]);
            }
            assertEquals(expected, out[0][c], 1e-6, "rgb " + c);
        }
        assertEquals(opacity, out[1][0], 1e-6, "opacity");
        assertEquals(w[0] * 1.0 + w[1] * 1.5 + w[2] * 2.5, out[2][0], 1e-6, "depth");
    }

    @Test
    void theRawDensityIsClampedAtFifteen() {
        // Above 15 the density is exp(15): raw 20 and raw 15 render alike; raw 100 with a zero delta stays finite.
        float[] t = {1f, 2f};
        float[] delta = {1e-7f, 0.5f};
        float[] at15 = {15f, 0.2f, 0.4f, 0.6f, 0f, -1f, 0f, 1f};
        float[] at20 = at15.clone();
        at20[0] = 20f;
        float[][] a = render(at15, t, delta, 2, 0.5f);
        float[][] b = render(at20, t, delta, 2, 0.5f);
        for (int k = 0; k < 3; k++) {
            assertEquals(a[0][k], b[0][k], 0.0f, "rgb " + k);
        }
        assertEquals(a[1][0], b[1][0], 0.0f);
        assertEquals(a[2][0], b[2][0], 0.0f);
        assertTrue(a[1][0] > 0.2f && a[1][0] < 0.8f, "exp(15) * 1e-7 is a partial alpha: " + a[1][0]);

        float[] huge = at15.clone();
        huge[0] = 100f;
        float[][] c = render(huge, t, new float[] {0f, 0.5f}, 2, 0.5f);
        for (float[] values : c) {
            for (float v : values) {
                assertTrue(Float.isFinite(v), "finite: " + v);
            }
        }
        assertEquals((float) Math.exp(-15.0), VolumeRenderKernels.MIN_DENSITY_SLOPE, 0.0f);
    }

    @Test
    void oneSampleBackwardMatchesItsClosedForm() {
        // C = w c + (1 - w) bg, w = 1 - exp(-sigma delta): dC/dsigma = delta exp(-sigma delta) (c - bg),
        // dRaw = dC/dsigma sigma, dRawColour = w c (1 - c), each times dRgb.
        float raw = 0.4f;
        float[] field = {raw, 0.3f, -0.7f, 1.1f};
        float[] t = {2f};
        float[] delta = {0.8f};
        float background = 0.9f;
        float[][] out = render(field, t, delta, 1, background);
        float[] dRgb = {0.5f, -1.5f, 2.0f};
        float[] dField = new float[W];
        VolumeRenderKernels.renderRayBackward(0, field, delta, out[0], out[1], dRgb, 1, background, dField);
        double sigma = Math.exp(raw);
        double survive = Math.exp(-sigma * delta[0]);
        double w = 1.0 - survive;
        double dRaw = 0.0;
        for (int c = 0; c < 3; c++) {
            double colour = sigmoid(field[1 + c]);
            dRaw += dRgb[c] * delta[0] * survive * (colour - background) * sigma;
            assertEquals(dRgb[c] * w * colour * (1.0 - colour), dField[1 + c], 1e-6, "colour " + c);
        }
        assertEquals(dRaw, dField[0], 1e-6, "density");
    }
}
