package io.sl2a.nn.train;

/**
 * Coordinates that lie on a grid: every coordinate of dimension i is one of at most
 * {@code axisLength} values {@code axisValues[i*axisLength + v]}, and point p has the indices
 * {@code pointIndex[p*in + i]} (as floats, exact below 2^24). For an image, the axes are the pixel
 * columns' x and the rows' y. Lets training tabulate the LA block per axis (see
 * {@code io.sl2a.kernels.GridKernels}).
 */
public record GridCoordinates(float[] axisValues, int axisLength, float[] pointIndex) {

    /** The reference's image grid: x = linspace(-1, 1, width), y = linspace(-1, 1, height), row-major. */
    public static GridCoordinates image(int width, int height) {
        int axisLength = Math.max(width, height);
        float[] values = new float[2 * axisLength];
        for (int x = 0; x < width; x++) {
            values[x] = linspace(x, width);
        }
        for (int y = 0; y < height; y++) {
            values[axisLength + y] = linspace(y, height);
        }
        float[] index = new float[Math.multiplyExact(2, Math.multiplyExact(width, height))];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int point = y * width + x;
                index[2 * point] = x;
                index[2 * point + 1] = y;
            }
        }
        return new GridCoordinates(values, axisLength, index);
    }

    /**
     * A cube of {@code n^3} points, {@code linspace(-1, 1, n)} on every axis, point
     * {@code (k*n + j)*n + i} at (x_i, y_j, z_k): x fastest, as a volume's voxels are listed.
     */
    public static GridCoordinates volume(int n) {
        float[] values = new float[3 * n];
        for (int axis = 0; axis < 3; axis++) {
            for (int v = 0; v < n; v++) {
                values[axis * n + v] = linspace(v, n);
            }
        }
        int points = Math.multiplyExact(n, Math.multiplyExact(n, n));
        float[] index = new float[Math.multiplyExact(3, points)];
        for (int p = 0; p < points; p++) {
            index[3 * p] = p % n;
            index[3 * p + 1] = (p / n) % n;
            index[3 * p + 2] = p / (n * n);
        }
        return new GridCoordinates(values, n, index);
    }

    /** The i-th of n evenly spaced values from -1 to 1 (numpy's linspace; n = 1 gives -1). */
    public static float linspace(int i, int n) {
        return n == 1 ? -1.0f : (float) (-1.0 + 2.0 * i / (n - 1));
    }

    /** The coordinates of every point, {@code points x in}, as the general path takes them. */
    public float[] coordinates(int in) {
        float[] coords = new float[pointIndex.length];
        for (int k = 0; k < pointIndex.length; k++) {
            int i = k % in;
            coords[k] = axisValues[i * axisLength + (int) pointIndex[k]];
        }
        return coords;
    }
}
