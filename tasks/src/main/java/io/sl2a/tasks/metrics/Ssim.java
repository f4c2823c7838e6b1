package io.sl2a.tasks.metrics;

import io.sl2a.tasks.image.Image;

/**
 * Structural similarity with the semantics of {@code pytorch_msssim.ssim(X, Y, data_range=1,
 * size_average=True, win_size=11, win_sigma=1.5, K=(0.01, 0.03))}, the value the reference reports.
 *
 * <p>Per channel: local means, variances and covariance under an 11-tap Gaussian window (σ = 1.5)
 * applied separably as a valid convolution (no padding), the SSIM map from them, its mean; then the
 * mean over channels. Like pytorch_msssim, an axis shorter than the window is not filtered at all,
 * so small images still get a value. Equal to skimage's {@code structural_similarity(...,
 * gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=1)} on images of at
 * least 11×11 pixels.
 */
public final class Ssim {
    static final int WINDOW_SIZE = 11;
    static final double WINDOW_SIGMA = 1.5;
    private static final double C1 = 0.01 * 0.01;
    private static final double C2 = 0.03 * 0.03;
    private static final double[] WINDOW = gaussianWindow(WINDOW_SIZE, WINDOW_SIGMA);

    private Ssim() {
    }

    /** @throws IllegalArgumentException if the images differ in size or channels */
    public static double ssim(Image a, Image b) {
        if (!a.sameShapeAs(b)) {
            throw new IllegalArgumentException("cannot compare " + a.describeShape() + " with " + b.describeShape());
        }
        double sum = 0;
        for (int c = 0; c < a.channels(); c++) {
            sum += channelSsim(plane(a, c), plane(b, c), a.width(), a.height());
        }
        return sum / a.channels();
    }

    private static double channelSsim(double[] x, double[] y, int width, int height) {
        int n = x.length;
        double[] xx = new double[n];
        double[] yy = new double[n];
        double[] xy = new double[n];
        for (int i = 0; i < n; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] muX = filter(x, width, height);
        double[] muY = filter(y, width, height);
        double[] meanXX = filter(xx, width, height);
        double[] meanYY = filter(yy, width, height);
        double[] meanXY = filter(xy, width, height);
        double sum = 0;
        for (int i = 0; i < muX.length; i++) {
            double mx = muX[i];
            double my = muY[i];
            double varX = meanXX[i] - mx * mx;
            double varY = meanYY[i] - my * my;
            double cov = meanXY[i] - mx * my;
            double luminance = (2 * mx * my + C1) / (mx * mx + my * my + C1);
            double contrastStructure = (2 * cov + C2) / (varX + varY + C2);
            sum += luminance * contrastStructure;
        }
        return sum / muX.length;
    }

    /** The Gaussian window along rows, then along columns; each axis only if it is at least as long as the window. */
    private static double[] filter(double[] values, int width, int height) {
        double[] result = values;
        int w = width;
        if (width >= WINDOW_SIZE) {
            result = filterAlongRows(result, w, height);
            w -= WINDOW_SIZE - 1;
        }
        if (height >= WINDOW_SIZE) {
            result = filterAlongColumns(result, w, height);
        }
        return result;
    }

    /** Valid convolution of each row: width shrinks by WINDOW_SIZE - 1. */
    private static double[] filterAlongRows(double[] in, int width, int height) {
        int outWidth = width - WINDOW_SIZE + 1;
        double[] out = new double[outWidth * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < outWidth; x++) {
                int first = y * width + x;
                double sum = 0;
                for (int k = 0; k < WINDOW_SIZE; k++) {
                    sum += WINDOW[k] * in[first + k];
                }
                out[y * outWidth + x] = sum;
            }
        }
        return out;
    }

    /** Valid convolution of each column: height shrinks by WINDOW_SIZE - 1. */
    private static double[] filterAlongColumns(double[] in, int width, int height) {
        int outHeight = height - WINDOW_SIZE + 1;
        double[] out = new double[width * outHeight];
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < width; x++) {
                int first = y * width + x;
                double sum = 0;
                for (int k = 0; k < WINDOW_SIZE; k++) {
                    sum += WINDOW[k] * in[first + k * width];
                }
                out[y * width + x] = sum;
            }
        }
        return out;
    }

    /** {@code exp(-t²/2σ²)} at t = -size/2 .. size/2, normalised to sum 1 (pytorch_msssim's _fspecial_gauss_1d). */
    static double[] gaussianWindow(int size, double sigma) {
        double[] window = new double[size];
        double sum = 0;
        for (int k = 0; k < size; k++) {
            double t = k - size / 2;
            window[k] = Math.exp(-(t * t) / (2 * sigma * sigma));
            sum += window[k];
        }
        for (int k = 0; k < size; k++) {
            window[k] /= sum;
        }
        return window;
    }

    private static double[] plane(Image image, int channel) {
        float[] pixels = image.pixels();
        int channels = image.channels();
        double[] plane = new double[image.pixelCount()];
        for (int i = 0; i < plane.length; i++) {
            plane[i] = pixels[i * channels + channel];
        }
        return plane;
    }
}
