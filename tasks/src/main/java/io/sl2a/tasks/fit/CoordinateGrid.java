package io.sl2a.tasks.fit;

/**
 * Pixel-centre coordinates as the reference builds them ({@code get_coords}): for an image of
 * width W and height H, x = linspace(-1, 1, W) along a row and y = linspace(-1, 1, H) down the
 * columns, points in row-major pixel order, two values (x, y) per point.
 */
public final class CoordinateGrid {
    private CoordinateGrid() {
    }

    public static float[] grid(int width, int height) {
        float[] coords = new float[Math.multiplyExact(Math.multiplyExact(width, height), 2)];
        for (int y = 0; y < height; y++) {
            float yValue = linspace(y, height);
            for (int x = 0; x < width; x++) {
                int point = y * width + x;
                coords[2 * point] = linspace(x, width);
                coords[2 * point + 1] = yValue;
            }
        }
        return coords;
    }

    /** The i-th of n evenly spaced values from -1 to 1 (numpy's linspace; n = 1 gives -1). */
    static float linspace(int i, int n) {
        return n == 1 ? -1.0f : (float) (-1.0 + 2.0 * i / (n - 1));
    }
}
