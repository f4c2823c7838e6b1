package io.sl2a.tasks.nerf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The occupancy grid puts a ray's samples only in its occupied cells, spread by occupied length. */
class OccupancyGridTest {
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
