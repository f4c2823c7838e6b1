package io.sl2a.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The reference's image coordinates: x = linspace(-1, 1, W), y = linspace(-1, 1, H), row-major pixels. */
class GridCoordinatesTest {
    @Test
    void linspaceIsNumpys() {
        assertEquals(-1.0f, GridCoordinates.linspace(0, 5));
        assertEquals(-0.5f, GridCoordinates.linspace(1, 5));
        assertEquals(0.0f, GridCoordinates.linspace(2, 5));
        assertEquals(1.0f, GridCoordinates.linspace(4, 5));
        assertEquals(1.0f / 3, GridCoordinates.linspace(2, 4), 1e-7f);
        assertEquals(-1.0f, GridCoordinates.linspace(0, 1), "one value: -1");
        assertEquals(1.0f, GridCoordinates.linspace(1, 2));
    }

    @Test
    void anImageGridListsPixelsRowByRowWithXFirst() {
        GridCoordinates grid = GridCoordinates.image(3, 2);
        assertEquals(3, grid.axisLength(), "the longer side");
        assertArrayEquals(new float[] {-1, 0, 1, -1, 1, 0}, grid.axisValues(), "x values, then y values padded");
        assertArrayEquals(new float[] {0, 0, 1, 0, 2, 0, 0, 1, 1, 1, 2, 1}, grid.pointIndex());
        assertArrayEquals(new float[] {-1, -1, 0, -1, 1, -1, -1, 1, 0, 1, 1, 1}, grid.coordinates(2));
        GridCoordinates tall = GridCoordinates.image(1, 3);
        assertArrayEquals(new float[] {-1, 0, 0, -1, 0, 1}, tall.axisValues());
        assertArrayEquals(new float[] {-1, -1, -1, 0, -1, 1}, tall.coordinates(2));
    }

    @Test
    void aVolumeGridListsVoxelsWithXFastest() {
        GridCoordinates grid = GridCoordinates.volume(3);
        assertEquals(3, grid.axisLength());
        assertArrayEquals(new float[] {-1, 0, 1, -1, 0, 1, -1, 0, 1}, grid.axisValues());
        float[] coords = grid.coordinates(3);
        assertEquals(27 * 3, coords.length);
        // voxel (i, j, k) = (2, 0, 1) is point (1*3 + 0)*3 + 2 = 11
        assertArrayEquals(new float[] {1, -1, 0}, java.util.Arrays.copyOfRange(coords, 33, 36));
        assertArrayEquals(new float[] {2, 0, 1}, java.util.Arrays.copyOfRange(grid.pointIndex(), 33, 36));
    }

    @Test
    void fitDataOfAnImageChecksItsSizes() {
        FitData data = FitData.image(3, 2, 1, new float[6]);
        assertEquals(6, data.points());
        assertArrayEquals(GridCoordinates.image(3, 2).coordinates(2), data.coords());
        assertThrows(IllegalArgumentException.class, () -> FitData.image(3, 2, 3, new float[6]));
        assertThrows(IllegalArgumentException.class, () -> new FitData(new float[10], new float[5], 5, 2, 1,
                GridCoordinates.image(2, 2)));
        assertThrows(IllegalArgumentException.class, () -> new FitData(new float[9], new float[5], 5, 2, 1));
    }
}
