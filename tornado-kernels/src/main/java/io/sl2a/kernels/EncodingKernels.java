package io.sl2a.kernels;

/**
 * Fourier positional encoding of coordinates, as the FINER repository's PEMLP encodes them: each
 * row becomes {@code [x, sin(f_0 x), cos(f_0 x), ..., sin(f_{N-1} x), cos(f_{N-1} x)]} with
 * log-spaced frequencies {@code f_k = 2^k} (no factor pi) and every term the whole in-dimensional
 * vector, so a row of {@code in} values gives {@code in (2N + 1)}. The input is kept.
 */
public final class EncodingKernels {
    private EncodingKernels() {
    }

    public static int width(int in, int frequencies) {
        return in * (2 * frequencies + 1);
    }

    /** Arguments in float as the reference computes them, sine and cosine in double, rounded. */
    public static void positionalRow(int row, float[] coords, int in, int frequencies, float[] out) {
        int width = width(in, frequencies);
        int base = row * width;
        for (int i = 0; i < in; i++) {
            out[base + i] = coords[row * in + i];
        }
        float frequency = 1.0f;
        for (int k = 0; k < frequencies; k++) {
            int at = base + in * (1 + 2 * k);
            for (int i = 0; i < in; i++) {
                float argument = frequency * coords[row * in + i];
                out[at + i] = (float) Math.sin(argument);
                out[at + in + i] = (float) Math.cos(argument);
            }
            frequency *= 2.0f;
        }
    }
}
