package io.sl2a.tasks.analysis;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The relative error of a prediction per frequency, the spectral-bias protocol's measure:
 * {@code delta_k = | |FFT(pred)_k| - |FFT(target)_k| | / |FFT(target)_k|} at chosen DFT bins
 * (JTransforms' FFT, any length).
 */
public final class FrequencyError {
    private final DoubleFFT_1D fft;
    private final int length;
    private final int[] bins;
    private final double[] targetMagnitude;

    public FrequencyError(float[] target, int[] bins) {
        this.length = target.length;
        this.fft = new DoubleFFT_1D(length);
        this.bins = bins.clone();
        this.targetMagnitude = magnitudes(target);
        for (int k = 0; k < bins.length; k++) {
            if (!(targetMagnitude[k] > 0)) {
                throw new IllegalArgumentException("the target has no energy at bin " + bins[k]);
            }
        }
    }

    /** |FFT(values)| at the bins. */
    public double[] magnitudes(float[] values) {
        if (values.length != length) {
            throw new IllegalArgumentException(length + " values expected, got " + values.length);
        }
        double[] data = new double[2 * length];
        for (int i = 0; i < length; i++) {
            data[i] = values[i];
        }
        fft.realForwardFull(data);
        double[] magnitude = new double[bins.length];
        for (int k = 0; k < bins.length; k++) {
            magnitude[k] = Math.hypot(data[2 * bins[k]], data[2 * bins[k] + 1]);
        }
        return magnitude;
    }

    /** delta_k at each bin, for a prediction of the target's length. */
    public double[] of(float[] prediction) {
        double[] magnitude = magnitudes(prediction);
        double[] delta = new double[bins.length];
        for (int k = 0; k < bins.length; k++) {
            delta[k] = Math.abs(magnitude[k] - targetMagnitude[k]) / targetMagnitude[k];
        }
        return delta;
    }
}
