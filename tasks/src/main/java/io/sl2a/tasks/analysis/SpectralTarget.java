package io.sl2a.tasks.analysis;

import io.sl2a.nn.train.GridCoordinates;

/**
 * The 1-D signal of the spectral-bias protocol of Shi, Zhou and Gu (2024), which the SL2A paper
 * follows: 300 points x = linspace(-1, 1) and the target 2 round((sin 3 pi x + sin 5 pi x +
 * sin 7 pi x + sin 9 pi x) / 2), a square-ish wave whose spectrum peaks at the DFT bins 3, 5, 7
 * and 9 (1.5, 2.5, 3.5 and 4.5 cycles per unit).
 */
public final class SpectralTarget {
    public static final int POINTS = 300;
    /** The DFT bins the protocol follows. */
    public static final int[] FREQUENCIES = {3, 5, 7, 9};

    private SpectralTarget() {
    }

    /** linspace(-1, 1, n) in float, as the image grids have it. */
    public static float[] coordinates(int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = GridCoordinates.linspace(i, n);
        }
        return x;
    }

    /** The target at each coordinate; round half to even, as torch.round. */
    public static float[] values(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            double t = x[i];
            double sum = Math.sin(3 * Math.PI * t) + Math.sin(5 * Math.PI * t) + Math.sin(7 * Math.PI * t)
                    + Math.sin(9 * Math.PI * t);
            y[i] = (float) (2 * Math.rint(sum / 2));
        }
        return y;
    }
}
