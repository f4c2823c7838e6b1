package io.sl2a.tasks.inverse;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The classical CT reconstruction: every projection filtered by the ramp filter, then smeared
 * back across the image along its angle and summed, with the geometry of {@link RadonTransform}.
 * The ramp is scikit-image's ({@code iradon}, filter "ramp"): the Fourier transform of the
 * band-limited ramp's spatial samples (which keeps its zero frequency right), on projections
 * zero-padded to a power of two of at least twice their length; back-projection interpolates the
 * filtered projection linearly at each pixel's detector position and scales by
 * {@code pi / (2 angles)}.
 */
public final class FilteredBackProjection {
    private FilteredBackProjection() {
    }

    /** The image ({@code width x height}, row-major) reconstructed from {@code sinogram[a * width + bin]}. */
    public static float[] reconstruct(float[] sinogram, int width, int height, int angles) {
        if (sinogram.length != angles * width) {
            throw new IllegalArgumentException("sinogram of " + sinogram.length + " values for " + angles + " x " + width);
        }
        int padded = Math.max(64, Integer.highestOneBit(2 * width - 1) << 1);
        double[] ramp = rampResponse(padded);
        DoubleFFT_1D fft = new DoubleFFT_1D(padded);
        double[][] filtered = new double[angles][width];
        double[] buffer = new double[2 * padded];
        for (int a = 0; a < angles; a++) {
            java.util.Arrays.fill(buffer, 0.0);
            for (int bin = 0; bin < width; bin++) {
                buffer[2 * bin] = sinogram[a * width + bin];
            }
            fft.complexForward(buffer);
            for (int k = 0; k < padded; k++) {
                buffer[2 * k] *= ramp[k];
                buffer[2 * k + 1] *= ramp[k];
            }
            fft.complexInverse(buffer, true);
            for (int bin = 0; bin < width; bin++) {
                filtered[a][bin] = buffer[2 * bin];
            }
        }
        float[] image = new float[width * height];
        double scale = Math.PI / (2.0 * angles);
        for (int a = 0; a < angles; a++) {
            double theta = Math.toRadians(RadonTransform.angle(a, angles));
            double cos = Math.cos(theta);
            double sin = Math.sin(theta);
            double[] projection = filtered[a];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    double t = RadonTransform.detectorPosition(x, y, width, height, cos, sin);
                    int t0 = (int) Math.floor(t);
                    double f = t - t0;
                    double value = 0;
                    if (t0 >= 0 && t0 < width) {
                        value += (1 - f) * projection[t0];
                    }
                    if (t0 + 1 >= 0 && t0 + 1 < width) {
                        value += f * projection[t0 + 1];
                    }
                    image[y * width + x] += (float) (scale * value);
                }
            }
        }
        return image;
    }

    /**
     * The ramp filter's frequency response on {@code size} points: twice the real part of the
     * discrete Fourier transform of its spatial samples h(0) = 1/4, h(n) = -1/(pi n)^2 for odd n
     * (counted both ways round the circle), 0 for even n.
     */
    static double[] rampResponse(int size) {
        double[] spatial = new double[2 * size];
        spatial[0] = 0.25;
        for (int i = 1; i < size; i += 2) {
            int n = Math.min(i, size - i);
            spatial[2 * i] = -1.0 / (Math.PI * Math.PI * n * n);
        }
        new DoubleFFT_1D(size).complexForward(spatial);
        double[] response = new double[size];
        for (int k = 0; k < size; k++) {
            response[k] = 2 * spatial[2 * k];
        }
        return response;
    }
}
