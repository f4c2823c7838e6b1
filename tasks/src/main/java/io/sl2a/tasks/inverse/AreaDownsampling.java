package io.sl2a.tasks.inverse;

import io.sl2a.nn.operators.MeasurementOperator;
import io.sl2a.nn.operators.SparseMatrix;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.io.UserInputException;

/**
 * Area downsampling by an integer scale as a measurement operator: each low-resolution pixel is
 * the mean of its {@code scale x scale} block (OpenCV's INTER_AREA at an integer factor, and the
 * {@code AvgPool2d(scale)} WIRE's super-resolution trains through). Rows are low-resolution pixels
 * and columns high-resolution ones, both row-major.
 */
public final class AreaDownsampling {
    private AreaDownsampling() {
    }

    /** @throws UserInputException if the scale is below 2 or leaves no pixels */
    public static MeasurementOperator operator(int width, int height, int scale) {
        requireScale(width, height, scale);
        int lowWidth = width / scale;
        int lowHeight = height / scale;
        float weight = 1.0f / (scale * scale);
        SparseMatrix.Builder builder = new SparseMatrix.Builder(width * height);
        for (int y = 0; y < lowHeight; y++) {
            for (int x = 0; x < lowWidth; x++) {
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        builder.add((y * scale + dy) * width + x * scale + dx, weight);
                    }
                }
                builder.endRow();
            }
        }
        return MeasurementOperator.of("area downsampling x" + scale, builder.build());
    }

    /** The image cropped (from the top left) to multiples of the scale, as WIRE's script crops it. */
    public static Image cropToMultiple(Image image, int scale) {
        requireScale(image.width(), image.height(), scale);
        int width = image.width() / scale * scale;
        int height = image.height() / scale * scale;
        if (width == image.width() && height == image.height()) {
            return image;
        }
        int channels = image.channels();
        float[] pixels = new float[width * height * channels];
        for (int y = 0; y < height; y++) {
            System.arraycopy(image.pixels(), y * image.width() * channels, pixels, y * width * channels, width * channels);
        }
        return new Image(width, height, channels, pixels);
    }

    /** The observation: the operator applied to the (cropped) ground truth. */
    public static Image observe(Image image, int scale) {
        return observe(image, scale, operator(image.width(), image.height(), scale));
    }

    /** As {@link #observe(Image, int)}, with the image's operator already built. */
    public static Image observe(Image image, int scale, MeasurementOperator operator) {
        return new Image(image.width() / scale, image.height() / scale, image.channels(),
                operator.matrix().apply(image.pixels(), image.channels()));
    }

    private static void requireScale(int width, int height, int scale) {
        if (scale < 2) {
            throw new UserInputException("--scale must be at least 2, got " + scale);
        }
        if (width / scale < 2 || height / scale < 2) {
            throw new UserInputException("--scale " + scale + " leaves less than 2x2 pixels of a " + width + "x" + height
                    + " image");
        }
    }
}
