package io.sl2a.tasks.inverse;

import io.sl2a.tasks.image.Image;

/**
 * Bicubic upsampling by an integer scale, as OpenCV's {@code cv2.resize(..., INTER_CUBIC)}: Keys'
 * cubic convolution with a = -0.75, pixel centres aligned (source position
 * {@code (x + 0.5) / scale - 0.5}), edge pixels repeated beyond the border; separable, rows then
 * columns, values left unclamped (PSNR is measured after clamping, as for every rendering).
 * Written here: Java's AWT resamples 8-bit pictures only, and no well-kept float image library on
 * Maven Central does this one interpolation.
 */
public final class BicubicUpscale {
    private static final double A = -0.75;

    private BicubicUpscale() {
    }

    public static Image upscale(Image image, int scale) {
        int channels = image.channels();
        int width = image.width();
        int height = image.height();
        int outWidth = width * scale;
        int outHeight = height * scale;
        double[][] weights = weights(scale);
        // Along x: height rows of outWidth.
        float[] wide = new float[height * outWidth * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < outWidth; x++) {
                int first = firstTap(x, scale);
                double[] w = weights[x % scale];
                for (int c = 0; c < channels; c++) {
                    double sum = 0;
                    for (int k = 0; k < 4; k++) {
                        int source = clamp(first + k, width);
                        sum += w[k] * image.pixels()[(y * width + source) * channels + c];
                    }
                    wide[(y * outWidth + x) * channels + c] = (float) sum;
                }
            }
        }
        float[] out = new float[outHeight * outWidth * channels];
        for (int y = 0; y < outHeight; y++) {
            int first = firstTap(y, scale);
            double[] w = weights[y % scale];
            for (int x = 0; x < outWidth; x++) {
                for (int c = 0; c < channels; c++) {
                    double sum = 0;
                    for (int k = 0; k < 4; k++) {
                        int source = clamp(first + k, height);
                        sum += w[k] * wide[(source * outWidth + x) * channels + c];
                    }
                    out[(y * outWidth + x) * channels + c] = (float) sum;
                }
            }
        }
        return new Image(outWidth, outHeight, channels, out);
    }

    /** The first of the four source taps of output position {@code i}. */
    private static int firstTap(int i, int scale) {
        return (int) Math.floor((i + 0.5) / scale - 0.5) - 1;
    }

    /** The four tap weights, by output position modulo the scale (the fraction repeats with it). */
    private static double[][] weights(int scale) {
        double[][] weights = new double[scale][4];
        for (int r = 0; r < scale; r++) {
            double position = (r + 0.5) / scale - 0.5;
            double fraction = position - Math.floor(position);
            for (int k = 0; k < 4; k++) {
                weights[r][k] = kernel(fraction + 1 - k);
            }
        }
        return weights;
    }

    /** Keys' cubic convolution kernel. */
    private static double kernel(double t) {
        double x = Math.abs(t);
        if (x <= 1) {
            return ((A + 2) * x - (A + 3)) * x * x + 1;
        }
        if (x < 2) {
            return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A;
        }
        return 0;
    }

    private static int clamp(int i, int length) {
        return i < 0 ? 0 : Math.min(i, length - 1);
    }
}
