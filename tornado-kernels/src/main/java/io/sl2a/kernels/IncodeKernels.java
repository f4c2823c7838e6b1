package io.sl2a.kernels;

/**
 * INCODE's composer: the sine activation {@code y = exp(a) sin(exp(b) omega pre + c) + d} over a
 * batch of {@code rows x width} pre-activations, with the four coefficients
 * {@code (a, b, c, d) = coefficients[0..4)} shared by every element (the harmonizer's output). The
 * forward runs one element per work-item; the backward one row per work-item, so that each row
 * writes its own sums of the coefficients' gradient ({@code rowCoefficientGrad[row, 0..4)}) and
 * their column sums over rows (a bias gradient) give the coefficients' gradient without atomics.
 * Exponentials, sine and cosine in double and rounded, as the other waves of this package; the
 * amplitude {@code exp(a)} and the frequency {@code exp(b) omega} are rounded to float first.
 */
public final class IncodeKernels {
    private IncodeKernels() {
    }

    /** Element i of {@code rows * width}. */
    public static void incodeSine(int i, float[] pre, float[] coefficients, float omega, float[] y) {
        float amplitude = (float) Math.exp(coefficients[0]);
        float frequency = (float) Math.exp(coefficients[1]) * omega;
        float theta = frequency * pre[i] + coefficients[2];
        y[i] = amplitude * (float) Math.sin(theta) + coefficients[3];
    }

    /**
     * One row: {@code dPre = dY exp(a) cos(theta) exp(b) omega} (dPre may be dY: each element is read
     * before it is written) and the row's sums of {@code dY dy/da, dY dy/db, dY dy/dc, dY dy/dd};
     * dy/da = exp(a) sin(theta) is taken from the forward's output as {@code y - d}, so an element
     * costs one cosine.
     */
    public static void incodeSineBackwardRow(int row, float[] pre, float[] y, float[] coefficients, float[] dY, int width,
            float omega, float[] dPre, float[] rowCoefficientGrad) {
        float amplitude = (float) Math.exp(coefficients[0]);
        float frequency = (float) Math.exp(coefficients[1]) * omega;
        float c = coefficients[2];
        float d = coefficients[3];
        float sumA = 0.0f;
        float sumB = 0.0f;
        float sumC = 0.0f;
        float sumD = 0.0f;
        int base = row * width;
        for (int j = 0; j < width; j++) {
            float p = pre[base + j];
            float g = dY[base + j];
            float theta = frequency * p + c;
            float gAmplitude = g * amplitude;
            float gCos = gAmplitude * (float) Math.cos(theta); // dY dy/dc
            sumA += g * (y[base + j] - d);
            sumB += gCos * frequency * p;
            sumC += gCos;
            sumD += g;
            dPre[base + j] = gCos * frequency;
        }
        int out = row * HarmonizerKernels.COEFFICIENTS;
        rowCoefficientGrad[out] = sumA;
        rowCoefficientGrad[out + 1] = sumB;
        rowCoefficientGrad[out + 2] = sumC;
        rowCoefficientGrad[out + 3] = sumD;
    }
}
