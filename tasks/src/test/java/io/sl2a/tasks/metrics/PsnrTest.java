package io.sl2a.tasks.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PsnrTest {
    @Test
    void identicalArraysHaveInfinitePsnr() {
        float[] a = {0.1f, 0.5f, 0.9f};
        assertEquals(Double.POSITIVE_INFINITY, Psnr.psnr(a, a.clone()));
    }

    @Test
    void knownValues() {
        assertEquals(20.0, Psnr.fromMse(0.01), 1e-12);
        assertEquals(40.0, Psnr.fromMse(1e-4), 1e-12);
        assertEquals(0.0, Psnr.fromMse(1.0), 1e-12);
        // Errors of 0.1 everywhere: mse 0.01, 20 dB.
        assertEquals(20.0, Psnr.psnr(new float[] {0.5f, 0.5f}, new float[] {0.6f, 0.4f}), 1e-5);
        // One of two values off by 1: mse 0.5, 10 log10(2) dB.
        assertEquals(10 * Math.log10(2), Psnr.psnr(new float[] {0, 1}, new float[] {0, 0}), 1e-12);
    }

    @Test
    void mseIsAccumulatedInDouble() {
        int n = 4_000_000; // a float running sum would be off by percents here
        float[] a = new float[n];
        float[] b = new float[n];
        java.util.Arrays.fill(b, 1e-3f);
        assertEquals(1e-6, Psnr.mse(a, b), 1e-12);
    }

    @Test
    void rejectsMismatchedOrEmptyArrays() {
        assertThrows(IllegalArgumentException.class, () -> Psnr.psnr(new float[2], new float[3]));
        assertThrows(IllegalArgumentException.class, () -> Psnr.psnr(new float[0], new float[0]));
        assertThrows(IllegalArgumentException.class, () -> Psnr.fromMse(-1));
    }
}
