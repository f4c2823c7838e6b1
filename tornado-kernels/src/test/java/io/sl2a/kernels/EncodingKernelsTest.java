package io.sl2a.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The positional encoding's layout: the input, then sine and cosine of every input at 1, 2, 4, ...
 * (it has no parameters and the network input needs no gradient, so there is no backward).
 */
class EncodingKernelsTest {
    @Test
    void rowsAreTheInputThenSineAndCosineAtDoublingFrequencies() {
        float[] coords = {0.1f, -0.2f, 0.7f, 0.3f};
        int in = 2;
        int frequencies = 3;
        assertEquals(14, EncodingKernels.width(in, frequencies));
        float[] out = new float[2 * 14];
        EncodingKernels.positionalRow(1, coords, in, frequencies, out);
        assertEquals(0f, out[0], 0f, "row 0 untouched");
        float[] expected = {0.7f, 0.3f, (float) Math.sin(0.7f), (float) Math.sin(0.3f), (float) Math.cos(0.7f),
            (float) Math.cos(0.3f), (float) Math.sin(1.4f), (float) Math.sin(0.6f), (float) Math.cos(1.4f), (float) Math.cos(0.6f),
            (float) Math.sin(2.8f), (float) Math.sin(1.2f), (float) Math.cos(2.8f), (float) Math.cos(1.2f)};
        for (int j = 0; j < 14; j++) {
            assertEquals(expected[j], out[14 + j], 0f, "value " + j);
        }
    }
}
