package io.sl2a.tasks.metrics;

/** Peak signal-to-noise ratio for values in [0, 1] (data range 1), in decibels. */
public final class Psnr {
    private Psnr() {
    }

    /** {@code -10 log10(mse(a, b))}; +infinity for identical arrays. */
    public static double psnr(float[] a, float[] b) {
        return fromMse(mse(a, b));
    }

    /** {@code -10 log10(mse)}: with a data range of 1 the peak term vanishes. +infinity for 0. */
    public static double fromMse(double mse) {
        if (mse < 0 || Double.isNaN(mse)) {
            throw new IllegalArgumentException("mean squared error must be >= 0, got " + mse);
        }
        return -10.0 * Math.log10(mse);
    }

    /** Mean of the squared differences, accumulated in double so millions of small terms do not drown. */
    public static double mse(float[] a, float[] b) {
        if (a.length != b.length || a.length == 0) {
            throw new IllegalArgumentException(
                    "need two non-empty arrays of equal length, got " + a.length + " and " + b.length);
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double diff = (double) a[i] - b[i];
            sum += diff * diff;
        }
        return sum / a.length;
    }
}
