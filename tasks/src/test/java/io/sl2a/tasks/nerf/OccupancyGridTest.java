package io.sl2a.tasks.nerf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The occupancy grid: each update probes one point inside every cell and keeps
 * {@code max(0.95 * old, new)} (the first update replaces the all-occupied start); a cell is
 * occupied while its value is strictly above {@code min(mean, 10)}; a ray's samples go only into
 * occupied cells, spread by occupied length.
 */
class OccupancyGridTest {
    @Test
    void everyUpdateProbesOnePointInsideEachCell() {
        int g = 3;
        double bound = 1.5; // cells of side 1: cell x spans [-1.5 + x, -0.5 + x)
        OccupancyGrid grid = new OccupancyGrid(g, bound);
        float[][] seen = new float[1][];
        grid.update((points, count) -> {
            assertEquals(g * g * g, count);
            seen[0] = points.clone();
            return new float[count];
        }, new SplittableRandom(3));
        for (int i = 0; i < g * g * g; i++) {
            int[] cell = {i % g, (i / g) % g, i / (g * g)};
            for (int a = 0; a < 3; a++) {
                float v = seen[0][3 * i + a];
                assertTrue(v >= -bound + cell[a] && v <= -bound + cell[a] + 1, "cell " + i + " axis " + a + ": " + v);
            }
        }
    }

    @Test
    void theFirstUpdateReplacesTheStartAndLaterOnesKeepTheDecayingMaximum() {
        OccupancyGrid grid = new OccupancyGrid(2, 1.0);
        assertEquals(1.0, grid.occupancy(), "everything is occupied before the field was looked at");
        float[] first = {20, 1, 5, 0, 8, 3, 40, 2};
        float[] second = {1, 2, 5, 0, 7.7f, 2.8f, 50, 0};
        grid.update((points, count) -> first.clone(), new SplittableRandom(1));
        assertArrayEquals(first, grid.densities(), 0f, "no decay applied to the all-occupied start");
        grid.update((points, count) -> second.clone(), new SplittableRandom(2));
        float[] expected = new float[8];
        for (int i = 0; i < 8; i++) {
            expected[i] = Math.max(first[i] * 0.95f, second[i]);
        }
        assertArrayEquals(expected, grid.densities(), 0f);
        // 19, 2, 5, 0, 7.7, 2.85, 50, 1.9: mean 11.06, threshold 10: two cells above it
        assertEquals(2 / 8.0, grid.occupancy(), 1e-12);
    }

    @Test
    void aCellIsOccupiedStrictlyAboveTheSmallerOfTheMeanAndTen() {
        // mean 52.5 > 10: the threshold is 10, 11 is in and 9 out
        assertEquals(6 / 8.0, OccupancyGrid.of(2, 1, new float[] {100, 100, 100, 100, 100, 11, 9, 0}).occupancy());
        // mean 1: a cell at exactly the mean is empty
        assertEquals(1 / 8.0, OccupancyGrid.of(2, 1, new float[] {4, 1, 1, 1, 1, 0, 0, 0}).occupancy());
        // a cell not yet looked at (the start's maximum float) is occupied and left out of the mean (0.4)
        float[] partial = new float[8];
        Arrays.fill(partial, 0.2f);
        partial[0] = Float.MAX_VALUE;
        partial[1] = 2;
        assertEquals(2 / 8.0, OccupancyGrid.of(2, 1, partial).occupancy());
        assertEquals(1.0, OccupancyGrid.of(2, 1, new OccupancyGrid(2, 1).densities()).occupancy());
    }

    @Test
    void samplesFallInOccupiedCellsOnly() {
        // A grid whose only dense cells are the central 2^3 of 8^3 over [-1, 1]^3: |x|, |y|, |z| < 0.25.
        int g = 8;
        float[] values = new float[g * g * g];
        for (int z = 3; z <= 4; z++) {
            for (int y = 3; y <= 4; y++) {
                for (int x = 3; x <= 4; x++) {
                    values[(z * g + y) * g + x] = 100f;
                }
            }
        }
        OccupancyGrid grid = OccupancyGrid.of(g, 1.0, values);
        assertEquals(8.0 / 512, grid.occupancy(), 1e-12);
        RaySamples batch = new RaySamples(2, 16);
        double[] origin = {0.1, 0.05, -3};
        double[] along = {0, 0, 1};
        grid.place(batch, 0, origin, along, 1, 5, new SplittableRandom(1));
        double total = 0;
        for (int s = 0; s < 16; s++) {
            float z = batch.positions[s * 3 + 2];
            // occupied stretches are found at the march's resolution: half a step (4 / 56 / 2) of slack
            assertTrue(Math.abs(z) < 0.25 + 0.036, "sample " + s + " at z " + z + " is in an empty cell");
            assertTrue(s == 0 || batch.t[s] >= batch.t[s - 1], "samples in order");
            total += batch.delta[s];
        }
        assertEquals(0.5, total, 0.05, "the intervals add up to the occupied length (0.5 along z)");
        // A ray that misses every occupied cell: zero intervals, so it renders the background.
        grid.place(batch, 1, new double[] {0.9, 0.9, -3}, along, 1, 5, new SplittableRandom(2));
        for (int s = 16; s < 32; s++) {
            assertEquals(0f, batch.delta[s]);
        }
    }
}
