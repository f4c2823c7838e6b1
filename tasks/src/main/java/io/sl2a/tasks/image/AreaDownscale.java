package io.sl2a.tasks.image;

import io.sl2a.tasks.io.UserInputException;

/**
 * Shrinks an image by area averaging, with the semantics of OpenCV's
 * {@code cv2.resize(img, None, fx=1/f, fy=1/f, interpolation=cv2.INTER_AREA)}, which the reference
 * experiments use to make their lower-resolution targets.
 */
public final class AreaDownscale {
    private AreaDownscale() {
    }

    /**
     * The output is {@code round(W/f) x round(H/f)}, rounded as OpenCV does (half to even, of
     * {@code W * (1/f)}). For an integer factor each output pixel is the mean of an f×f block; otherwise
     * the area-weighted mean of the source pixels its footprint covers. A factor of 1 returns {@code image}.
     *
     * @throws UserInputException if the factor is below 1, not a number, or leaves no pixels
     */
    public static Image downscale(Image image, double factor) {
        if (!(factor >= 1)) {
            throw new UserInputException("downscale factor must be a number >= 1, got " + factor);
        }
        if (factor == 1) {
            return image;
        }
        double inverse = 1.0 / factor; // OpenCV's fx; its sizes and footprints are computed from it
        int width = (int) Math.rint(image.width() * inverse);
        int height = (int) Math.rint(image.height() * inverse);
        if (width < 1 || height < 1) {
            throw new UserInputException("downscale factor " + factor + " leaves no pixels of the "
                    + image.describeShape() + " image");
        }
        double scale = 1.0 / inverse;
        AreaWeights columns = new AreaWeights(image.width(), width, scale);
        AreaWeights rows = new AreaWeights(image.height(), height, scale);
        return averageRows(averageColumns(image, columns, width), rows, width, image.channels());
    }

    /** Horizontal pass: source height × destination width, in double to keep sums exact enough. */
    private static double[] averageColumns(Image image, AreaWeights columns, int width) {
        int channels = image.channels();
        float[] source = image.pixels();
        double[] result = new double[image.height() * width * channels];
        for (int y = 0; y < image.height(); y++) {
            for (int dx = 0; dx < width; dx++) {
                double[] w = columns.weights[dx];
                int out = (y * width + dx) * channels;
                for (int k = 0; k < w.length; k++) {
                    int in = image.index(columns.first[dx] + k, y, 0);
                    for (int c = 0; c < channels; c++) {
                        result[out + c] += w[k] * source[in + c];
                    }
                }
            }
        }
        return result;
    }

    /** Vertical pass over the horizontally averaged rows. */
    private static Image averageRows(double[] source, AreaWeights rows, int width, int channels) {
        int height = rows.first.length;
        int rowLength = width * channels;
        double[] sums = new double[height * rowLength];
        for (int dy = 0; dy < height; dy++) {
            double[] w = rows.weights[dy];
            for (int k = 0; k < w.length; k++) {
                int in = (rows.first[dy] + k) * rowLength;
                for (int i = 0; i < rowLength; i++) {
                    sums[dy * rowLength + i] += w[k] * source[in + i];
                }
            }
        }
        float[] pixels = new float[sums.length];
        for (int i = 0; i < sums.length; i++) {
            pixels[i] = (float) sums[i];
        }
        return new Image(width, height, channels, pixels);
    }
}
