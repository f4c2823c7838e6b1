package io.sl2a.tasks.inverse;

import io.sl2a.nn.operators.MeasurementOperator;
import io.sl2a.nn.operators.SparseMatrix;
import io.sl2a.tasks.io.UserInputException;

/**
 * The parallel-beam Radon transform as WIRE's and INCODE's {@code lin_inverse.radon} compute it:
 * for each angle the image is rotated about its centre (bilinear, zero outside, as
 * {@code kornia.geometry.rotate}) and its columns are summed, giving as many detector bins as the
 * image is wide. Angles are {@code 180 a / angles} degrees for a = 0 .. angles-1 ([0, 180), no
 * repeated end), counter-clockwise as the picture is shown. Built once on the host as a sparse
 * matrix: row {@code a * width + bin}, column {@code y * width + x}.
 */
public final class RadonTransform {
    private RadonTransform() {
    }

    /** The angle of projection {@code a}, in degrees. */
    public static double angle(int a, int angles) {
        return 180.0 * a / angles;
    }

    /** @throws UserInputException if there are no angles */
    public static MeasurementOperator operator(int width, int height, int angles) {
        if (angles < 1) {
            throw new UserInputException("--angles must be at least 1, got " + angles);
        }
        double cx = (width - 1) / 2.0;
        double cy = (height - 1) / 2.0;
        SparseMatrix.Builder builder = new SparseMatrix.Builder(width * height);
        for (int a = 0; a < angles; a++) {
            double theta = Math.toRadians(angle(a, angles));
            double cos = Math.cos(theta);
            double sin = Math.sin(theta);
            for (int bin = 0; bin < width; bin++) {
                double dx = bin - cx;
                for (int row = 0; row < height; row++) {
                    double dy = row - cy;
                    // The rotated image's pixel (bin, row) samples the image at the inverse rotation of it.
                    addBilinear(builder, width, height, cx + cos * dx - sin * dy, cy + sin * dx + cos * dy);
                }
                builder.endRow();
            }
        }
        return MeasurementOperator.of("Radon transform, " + angles + " angles", builder.build());
    }

    /**
     * The detector position (a fractional bin) where the image point {@code (x, y)} lands at angle
     * {@code a}: the rotation that the transform applies, read forwards.
     */
    public static double detectorPosition(double x, double y, int width, int height, double cos, double sin) {
        double cx = (width - 1) / 2.0;
        double cy = (height - 1) / 2.0;
        return cx + cos * (x - cx) + sin * (y - cy);
    }

    private static void addBilinear(SparseMatrix.Builder builder, int width, int height, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        add(builder, width, height, x0, y0, (1 - fx) * (1 - fy));
        add(builder, width, height, x0 + 1, y0, fx * (1 - fy));
        add(builder, width, height, x0, y0 + 1, (1 - fx) * fy);
        add(builder, width, height, x0 + 1, y0 + 1, fx * fy);
    }

    private static void add(SparseMatrix.Builder builder, int width, int height, int x, int y, double weight) {
        // Zero padding: a corner outside the image contributes nothing.
        if (x >= 0 && x < width && y >= 0 && y < height && weight > 0) {
            builder.add(y * width + x, (float) weight);
        }
    }
}
