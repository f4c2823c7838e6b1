package io.sl2a.kernels;

/**
 * NeRF's volume rendering (nerf-pytorch, torch-ngp) and its backward, one work-item per ray. A batch
 * of rows is a batch of samples: ray r holds the {@code samples} consecutive rows
 * {@code r * samples .. (r + 1) * samples}; row i carries the network's output
 * {@code field[i, 0..4) = (raw density, raw colour)} and the host's {@code t[i]} (depth of the sample)
 * and {@code delta[i]} (its interval). Per sample:
 * <pre>
 *   sigma_i = exp(min(raw_i, 15))          (torch-ngp's trunc_exp; the clamp keeps it finite)
 *   c_i     = sigmoid(raw colour_i)         (three channels)
 *   alpha_i = 1 - exp(-sigma_i delta_i)
 *   T_i     = prod_{j<i} (1 - alpha_j)      (a running product of exp(-sigma_j delta_j), T_0 = 1)
 *   w_i     = T_i alpha_i
 * </pre>
 * and per ray, with {@code O = sum_i w_i = 1 - T_n} and a grey background {@code bg}:
 * <pre>
 *   rgb     = sum_i w_i c_i + (1 - O) bg,   opacity = O,   depth = sum_i w_i t_i.
 * </pre>
 * The backward, from {@code dRgb} (opacity and depth carry no gradient): {@code dC/dc_i = w_i}, and since
 * {@code dw_i/dsigma_i = delta_i T_{i+1}}, {@code dw_k/dsigma_i = -delta_i w_k} (k &gt; i) and
 * {@code dO/dsigma_i = delta_i T_n},
 * <pre>
 *   dC/dsigma_i = delta_i (T_{i+1} c_i - S_i - (1 - O) bg),   S_i = sum_{k&gt;i} w_k c_k = (rgb - (1 - O) bg) - sum_{k&lt;=i} w_k c_k,
 * </pre>
 * so one pass per ray suffices: the suffix S_i is the forward's foreground total less the running prefix
 * (instant-ngp's composite backward). The raw values' gradients: {@code dRaw = dSigma exp(clamp(raw, -15, 15))}
 * (trunc_exp's backward) and {@code dRawColour = dC/dc c (1 - c)}. Rounding of the suffix difference is
 * multiplied by delta_i, so every delta should be a sample spacing (torch-ngp), not nerf-pytorch's 1e10
 * for the last sample.
 *
 * <p>Exponentials in double and rounded to float, as the other bodies of this package; the sums and the
 * transmittance in float. No early ray termination: every sample contributes.
 */
public final class VolumeRenderKernels {
    /** Floats per sample of the field: raw density, then the raw colour's three channels. */
    public static final int FIELD_WIDTH = 4;
    /** The raw density's bound: exp(15) ~ 3.3e6 (trunc_exp's clamp; the forward clamps above only). */
    public static final float RAW_DENSITY_LIMIT = 15.0f;
    /** exp(-15) rounded to float: trunc_exp's slope below the clamp (where the forward's exp is smaller). */
    public static final float MIN_DENSITY_SLOPE = 3.0590232e-7f;

    private VolumeRenderKernels() {
    }

    /** One ray: {@code rgb[ray, 0..3)}, {@code opacity[ray]}, {@code depth[ray]} from its samples. */
    public static void renderRay(int ray, float[] field, float[] t, float[] delta, int samples, float background,
            float[] rgb, float[] opacity, float[] depth) {
        int first = ray * samples;
        float transmittance = 1.0f;
        float red = 0.0f;
        float green = 0.0f;
        float blue = 0.0f;
        float weightSum = 0.0f;
        float depthSum = 0.0f;
        for (int s = 0; s < samples; s++) {
            int row = first + s;
            int f = row * FIELD_WIDTH;
            float sigma = (float) Math.exp(Math.min(field[f], RAW_DENSITY_LIMIT));
            float survive = (float) Math.exp(-(sigma * delta[row]));
            float weight = transmittance * (1.0f - survive);
            red += weight * (float) (1.0 / (1.0 + Math.exp(-field[f + 1])));
            green += weight * (float) (1.0 / (1.0 + Math.exp(-field[f + 2])));
            blue += weight * (float) (1.0 / (1.0 + Math.exp(-field[f + 3])));
            weightSum += weight;
            depthSum += weight * t[row];
            transmittance *= survive;
        }
        float rest = (1.0f - weightSum) * background;
        rgb[ray * 3] = red + rest;
        rgb[ray * 3 + 1] = green + rest;
        rgb[ray * 3 + 2] = blue + rest;
        opacity[ray] = weightSum;
        depth[ray] = depthSum;
    }

    /**
     * One ray's backward: {@code dField} of its samples (overwrites) from {@code dRgb[ray, 0..3)} and the
     * forward's {@code rgb[ray]}, {@code opacity[ray]}; the samples' weights are recomputed as the forward
     * computes them.
     */
    public static void renderRayBackward(int ray, float[] field, float[] delta, float[] rgb, float[] opacity,
            float[] dRgb, int samples, float background, float[] dField) {
        int first = ray * samples;
        float rest = (1.0f - opacity[ray]) * background;
        // The foreground totals sum_i w_i c_i, each channel.
        float totalRed = rgb[ray * 3] - rest;
        float totalGreen = rgb[ray * 3 + 1] - rest;
        float totalBlue = rgb[ray * 3 + 2] - rest;
        float gRed = dRgb[ray * 3];
        float gGreen = dRgb[ray * 3 + 1];
        float gBlue = dRgb[ray * 3 + 2];
        float transmittance = 1.0f;
        float red = 0.0f;
        float green = 0.0f;
        float blue = 0.0f;
        for (int s = 0; s < samples; s++) {
            int row = first + s;
            int f = row * FIELD_WIDTH;
            float raw = Math.min(field[f], RAW_DENSITY_LIMIT);
            float sigma = (float) Math.exp(raw);
            float survive = (float) Math.exp(-(sigma * delta[row]));
            float weight = transmittance * (1.0f - survive);
            float cRed = (float) (1.0 / (1.0 + Math.exp(-field[f + 1])));
            float cGreen = (float) (1.0 / (1.0 + Math.exp(-field[f + 2])));
            float cBlue = (float) (1.0 / (1.0 + Math.exp(-field[f + 3])));
            red += weight * cRed;
            green += weight * cGreen;
            blue += weight * cBlue;
            transmittance *= survive; // T_{i+1}
            float dSigma = delta[row] * (gRed * (transmittance * cRed - (totalRed - red) - rest)
                    + gGreen * (transmittance * cGreen - (totalGreen - green) - rest)
                    + gBlue * (transmittance * cBlue - (totalBlue - blue) - rest));
            // exp(clamp(raw, -15, 15)): sigma itself above the lower clamp.
            float slope = raw < -RAW_DENSITY_LIMIT ? MIN_DENSITY_SLOPE : sigma;
            dField[f] = dSigma * slope;
            dField[f + 1] = gRed * weight * (cRed * (1.0f - cRed));
            dField[f + 2] = gGreen * weight * (cGreen * (1.0f - cGreen));
            dField[f + 3] = gBlue * weight * (cBlue * (1.0f - cBlue));
        }
    }
}
