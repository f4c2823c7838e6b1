package io.sl2a.tasks.nerf;

import io.sl2a.nn.objectives.RadianceField;
import java.util.SplittableRandom;

/**
 * Empty-space skipping, as instant-ngp and torch-ngp do it: a {@code resolution^3} grid over the
 * cube [-bound, bound]^3 keeps, per cell, a decaying maximum of the field's density at random
 * points of the cell (each update: {@code max(0.95 * old, new)}); a cell is occupied while its
 * value is above {@code min(mean, threshold)}. A ray's samples are then spread over the occupied
 * stretches of [near, far] only (stratified in occupied length, each sample's interval the
 * occupied length over the sample count), so the same samples resolve the surface more finely;
 * a ray that meets no occupied cell gets samples of zero interval and renders the background.
 */
final class OccupancyGrid {
    private static final float DECAY = 0.95f;
    /** torch-ngp's density threshold. */
    private static final float THRESHOLD = 10f;

    private final int resolution;
    private final double bound;
    private final float[] density;
    private final boolean[] occupied;
    /** Steps a ray is marched in to find its occupied stretches: 4 a cell along the cube's diagonal. */
    private final int marchSteps;

    OccupancyGrid(int resolution, double bound) {
        this.resolution = resolution;
        this.bound = bound;
        int cells = resolution * resolution * resolution;
        density = new float[cells];
        occupied = new boolean[cells];
        java.util.Arrays.fill(density, Float.MAX_VALUE); // all occupied until the field has been looked at
        java.util.Arrays.fill(occupied, true);
        marchSteps = 4 * (int) Math.ceil(resolution * Math.sqrt(3));
    }

    int resolution() {
        return resolution;
    }

    double bound() {
        return bound;
    }

    /** The decaying maxima, for a checkpoint (all occupied: the maximum float). */
    float[] densities() {
        return density.clone();
    }

    /** The grid as a checkpoint saved it. */
    static OccupancyGrid of(int resolution, double bound, float[] densities) {
        OccupancyGrid grid = new OccupancyGrid(resolution, bound);
        System.arraycopy(densities, 0, grid.density, 0, densities.length);
        grid.classify();
        return grid;
    }

    /** What the grid reads densities from: the field, or a known function in the tests. */
    @FunctionalInterface
    interface DensityProbe {
        /** Densities at {@code count} points {@code [count, 3]}. */
        float[] densities(float[] points, int count);
    }

    /** One update from the field: a random point in every cell. */
    void update(RadianceField field, SplittableRandom random) {
        update(field::densities, random);
    }

    /** One update from {@code probe}: a random point in every cell. */
    void update(DensityProbe probe, SplittableRandom random) {
        int cells = density.length;
        float[] points = new float[cells * 3];
        double cell = 2 * bound / resolution;
        for (int i = 0; i < cells; i++) {
            int x = i % resolution;
            int y = (i / resolution) % resolution;
            int z = i / (resolution * resolution);
            points[i * 3] = (float) (-bound + (x + random.nextDouble()) * cell);
            points[i * 3 + 1] = (float) (-bound + (y + random.nextDouble()) * cell);
            points[i * 3 + 2] = (float) (-bound + (z + random.nextDouble()) * cell);
        }
        float[] fresh = probe.densities(points, cells);
        for (int i = 0; i < cells; i++) {
            float old = density[i] == Float.MAX_VALUE ? 0 : density[i] * DECAY;
            density[i] = Math.max(old, fresh[i]);
        }
        classify();
    }

    private void classify() {
        double sum = 0;
        for (float d : density) {
            sum += d == Float.MAX_VALUE ? 0 : d;
        }
        float threshold = (float) Math.min(sum / density.length, THRESHOLD);
        for (int i = 0; i < density.length; i++) {
            occupied[i] = density[i] == Float.MAX_VALUE || density[i] > threshold;
        }
    }

    /** The fraction of cells occupied. */
    double occupancy() {
        int n = 0;
        for (boolean o : occupied) {
            n += o ? 1 : 0;
        }
        return (double) n / occupied.length;
    }

    private boolean occupiedAt(double x, double y, double z) {
        int ix = (int) Math.floor((x + bound) / (2 * bound) * resolution);
        int iy = (int) Math.floor((y + bound) / (2 * bound) * resolution);
        int iz = (int) Math.floor((z + bound) / (2 * bound) * resolution);
        if (ix < 0 || iy < 0 || iz < 0 || ix >= resolution || iy >= resolution || iz >= resolution) {
            return false; // outside the cube: empty
        }
        return occupied[(iz * resolution + iy) * resolution + ix];
    }

    /**
     * Ray {@code ray} of {@code batch}: its samples over the occupied stretches of [near, far]
     * ({@code random} null: at the strata's midpoints).
     */
    void place(RaySamples batch, int ray, double[] origin, double[] direction, double near, double far,
            SplittableRandom random) {
        int steps = marchSteps;
        double step = (far - near) / steps;
        boolean[] marks = new boolean[steps];
        int count = 0;
        for (int s = 0; s < steps; s++) {
            double t = near + (s + 0.5) * step;
            marks[s] = occupiedAt(origin[0] + t * direction[0], origin[1] + t * direction[1],
                    origin[2] + t * direction[2]);
            count += marks[s] ? 1 : 0;
        }
        int samples = batch.samples();
        int first = ray * samples;
        if (count == 0) {
            batch.set(ray, origin, direction, near, far, random);
            java.util.Arrays.fill(batch.delta, first, first + samples, 0f); // nothing there: the background
            return;
        }
        double length = count * step;
        double spacing = length / samples;
        int s = 0; // the march step holding the sample
        double before = 0; // occupied length before step s
        for (int k = 0; k < samples; k++) {
            double u = random == null ? 0.5 : random.nextDouble();
            double along = Math.min((k + u) * spacing, length * (1 - 1e-9)); // position in occupied length
            while (!marks[s] || before + step <= along) {
                if (marks[s]) {
                    before += step;
                }
                s++;
            }
            double t = near + s * step + (along - before);
            int row = first + k;
            batch.t[row] = (float) t;
            batch.delta[row] = (float) spacing;
            for (int a = 0; a < 3; a++) {
                batch.positions[row * 3 + a] = (float) (origin[a] + t * direction[a]);
                batch.directions[row * 3 + a] = (float) direction[a];
            }
        }
    }
}
