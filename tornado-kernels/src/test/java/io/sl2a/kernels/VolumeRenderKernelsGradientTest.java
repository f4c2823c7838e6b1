package io.sl2a.kernels;

import static io.sl2a.kernels.TestSupport.assertClose;
import static io.sl2a.kernels.TestSupport.dot;
import static io.sl2a.kernels.TestSupport.numericalGradient;
import static io.sl2a.kernels.TestSupport.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link VolumeRenderKernels#renderRayBackward} against central differences of the loss
 * {@code L = sum_rays <G, rgb>}: of a reference rendering in double (h = 1e-6, tolerance 1e-4
 * relative to the largest gradient: the difference quotient is exact to ~1e-9, the float backward
 * to a few ulp of the sums), and of the float forward body itself (h = 1e-2, tolerance 1e-2: float
 * rounding of L over 2h and the O(h^2) truncation, ~1e-4). Raw densities in [-3, 3] with deltas in
 * [0.05, 0.5]: alphas from ~0 to ~1. The trunc_exp slope outside [-15, 15] is checked against the
 * gradient with respect to sigma itself.
 */
class VolumeRenderKernelsGradientTest {
    private static final int W = VolumeRenderKernels.FIELD_WIDTH;
    private static final int RAYS = 3;
    private static final int SAMPLES = 9;
    private static final float BACKGROUND = 0.7f;

    /** sum_rays <g, rgb> of the rendering in double of sigma and colour (after the exp and the sigmoid). */
    private static double referenceLoss(double[] sigma, double[] colour, float[] delta, float[] g, int rays, int samples,
            double background) {
        double loss = 0.0;
        for (int ray = 0; ray < rays; ray++) {
            double transmittance = 1.0;
            double[] rgb = new double[3];
            for (int s = 0; s < samples; s++) {
                int row = ray * samples + s;
                double alpha = 1.0 - Math.exp(-sigma[row] * delta[row]);
                double w = transmittance * alpha;
                for (int c = 0; c < 3; c++) {
                    rgb[c] += w * colour[row * 3 + c];
                }
                transmittance *= 1.0 - alpha;
            }
            for (int c = 0; c < 3; c++) {
                loss += g[ray * 3 + c] * (rgb[c] + transmittance * background);
            }
        }
        return loss;
    }

    /** The same from the raw field, as the kernels map it: sigma = exp(min(raw, 15)), colour = sigmoid. */
    private static double referenceLoss(double[] field, float[] delta, float[] g, int rays, int samples, double background) {
        int rows = rays * samples;
        double[] sigma = new double[rows];
        double[] colour = new double[rows * 3];
        for (int row = 0; row < rows; row++) {
            sigma[row] = Math.exp(Math.min(field[row * W], 15.0));
            for (int c = 0; c < 3; c++) {
                colour[row * 3 + c] = 1.0 / (1.0 + Math.exp(-field[row * W + 1 + c]));
            }
        }
        return referenceLoss(sigma, colour, delta, g, rays, samples, background);
    }

    /** The float backward of every ray, from the float forward's rgb and opacity. */
    private static float[] backward(float[] field, float[] t, float[] delta, float[] g, int rays, int samples,
            float background) {
        float[] rgb = new float[rays * 3];
        float[] opacity = new float[rays];
        float[] depth = new float[rays];
        float[] dField = uniform(new Random(1), field.length, -9.0, 9.0); // garbage: overwritten
        for (int ray = 0; ray < rays; ray++) {
            VolumeRenderKernels.renderRay(ray, field, t, delta, samples, background, rgb, opacity, depth);
            VolumeRenderKernels.renderRayBackward(ray, field, delta, rgb, opacity, g, samples, background, dField);
        }
        return dField;
    }

    private static float[] randomField(Random random, int rows) {
        return uniform(random, rows * W, -3.0, 3.0);
    }

    private static float[] depths(int rows) {
        float[] t = new float[rows];
        for (int row = 0; row < rows; row++) {
            t[row] = 0.1f * (row % SAMPLES) + 2.0f;
        }
        return t;
    }

    @Test
    void backwardMatchesFiniteDifferencesInDouble() {
        Random random = new Random(4201);
        int rows = RAYS * SAMPLES;
        float[] field = randomField(random, rows);
        float[] delta = uniform(random, rows, 0.05, 0.5);
        float[] g = uniform(random, RAYS * 3, -1.0, 1.0);
        float[] dField = backward(field, depths(rows), delta, g, RAYS, SAMPLES, BACKGROUND);

        double[] x = TestSupport.toDouble(field);
        double h = 1e-6;
        double[] numerical = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double original = x[i];
            x[i] = original + h;
            double plus = referenceLoss(x, delta, g, RAYS, SAMPLES, BACKGROUND);
            x[i] = original - h;
            double minus = referenceLoss(x, delta, g, RAYS, SAMPLES, BACKGROUND);
            x[i] = original;
            numerical[i] = (plus - minus) / (2 * h);
        }
        assertClose(numerical, dField, 1e-4, "volume render dField vs double differences");
    }

    @Test
    void backwardMatchesFiniteDifferencesOfTheForwardBody() {
        Random random = new Random(4202);
        int rows = RAYS * SAMPLES;
        float[] field = randomField(random, rows);
        float[] t = depths(rows);
        float[] delta = uniform(random, rows, 0.05, 0.5);
        float[] g = uniform(random, RAYS * 3, -1.0, 1.0);
        float[] rgb = new float[RAYS * 3];
        float[] opacity = new float[RAYS];
        float[] depth = new float[RAYS];
        double[] numerical = numericalGradient(field, 1e-2, () -> {
            for (int ray = 0; ray < RAYS; ray++) {
                VolumeRenderKernels.renderRay(ray, field, t, delta, SAMPLES, BACKGROUND, rgb, opacity, depth);
            }
            return dot(g, rgb, rgb.length);
        });
        assertClose(numerical, backward(field, t, delta, g, RAYS, SAMPLES, BACKGROUND), 1e-2,
                "volume render dField vs differences of renderRay");
    }

    @Test
    void densityGradientHasTruncExpSlopeOutsideTheClamp() {
        // One ray with raw densities beyond both clamps: dRaw = dL/dsigma exp(clamp(raw, -15, 15)), with
        // dL/dsigma from differences in sigma itself. The raw-20 sample's delta is small enough that
        // exp(15) delta is a partial alpha (an opaque sample's dL/dsigma is ~0 and only its rounding shows).
        int samples = 6;
        float[] field = uniform(new Random(4203), samples * W, -2.0, 2.0);
        float[] raws = {0.5f, -20f, 20f, -15.5f, 1.0f, 16f};
        float[] delta = {0.3f, 0.4f, 1e-7f, 0.2f, 0.5f, 1e-7f};
        for (int s = 0; s < samples; s++) {
            field[s * W] = raws[s];
        }
        float[] g = {0.8f, -0.6f, 0.9f};
        float[] dField = backward(field, depths(samples), delta, g, 1, samples, BACKGROUND);

        double[] sigma = new double[samples];
        double[] colour = new double[samples * 3];
        for (int s = 0; s < samples; s++) {
            sigma[s] = Math.exp(Math.min(raws[s], 15.0));
            for (int c = 0; c < 3; c++) {
                colour[s * 3 + c] = 1.0 / (1.0 + Math.exp(-field[s * W + 1 + c]));
            }
        }
        for (int s = 0; s < samples; s++) {
            double original = sigma[s];
            double h = 1e-6 * Math.max(original, 1e-3);
            sigma[s] = original + h;
            double plus = referenceLoss(sigma, colour, delta, g, 1, samples, BACKGROUND);
            sigma[s] = original - h;
            double minus = referenceLoss(sigma, colour, delta, g, 1, samples, BACKGROUND);
            sigma[s] = original;
            double slope = Math.exp(Math.max(-15.0, Math.min(15.0, raws[s])));
            double expected = (plus - minus) / (2 * h) * slope;
            // Each sample to its own scale: those below the clamp are ~1e-7 of the others.
            assertEquals(expected, dField[s * W], 1e-4 * Math.abs(expected), "dRaw of raw " + raws[s]);
        }
    }
}
