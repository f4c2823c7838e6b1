package io.sl2a.tasks.fit;

import io.sl2a.nn.train.GridCoordinates;

/**
 * Pixel coordinates as the reference builds them ({@code get_coords}): x = linspace(-1, 1, W)
 * along a row, y = linspace(-1, 1, H) down the columns, points in row-major order, (x, y) per point.
 */
public final class CoordinateGrid {
    private CoordinateGrid() {
    }

    public static float[] grid(int width, int height) {
        return GridCoordinates.image(width, height).coordinates(2);
    }
}
