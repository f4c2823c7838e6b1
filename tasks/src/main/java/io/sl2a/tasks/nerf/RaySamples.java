package io.sl2a.tasks.nerf;

import java.util.SplittableRandom;

/**
 * A batch of rays as the field network sees them: {@code samples} points a ray between near and
 * far, stratified (one uniform draw in each of the equal intervals, as nerf-pytorch's training;
 * the intervals' midpoints when no random source is given, for rendering), each with its position,
 * the ray's unit direction, its distance t and its interval delta (the next sample's distance
 * minus its own; the last one's the interval length, as torch-ngp's sample_dist).
 */
public final class RaySamples {
    private final int rays;
    private final int samples;
    final float[] positions;
    final float[] directions;
    final float[] t;
    final float[] delta;

    public RaySamples(int rays, int samples) {
        this.rays = rays;
        this.samples = samples;
        int rows = Math.multiplyExact(rays, samples);
        positions = new float[rows * 3];
        directions = new float[rows * 3];
        t = new float[rows];
        delta = new float[rows];
    }

    public int rays() {
        return rays;
    }

    public int samples() {
        return samples;
    }

    /** As {@link #set}, the samples only where {@code grid} says the scene is (null: the whole depth range). */
    void set(int ray, double[] origin, double[] direction, double near, double far, OccupancyGrid grid,
            SplittableRandom random) {
        if (grid == null) {
            set(ray, origin, direction, near, far, random);
        } else {
            grid.place(this, ray, origin, direction, near, far, random);
        }
    }

    /** Ray {@code ray} of the batch from {@code origin} along the unit {@code direction}; {@code random} null: midpoints. */
    public void set(int ray, double[] origin, double[] direction, double near, double far, SplittableRandom random) {
        double step = (far - near) / samples;
        int first = ray * samples;
        for (int s = 0; s < samples; s++) {
            double u = random == null ? 0.5 : random.nextDouble();
            t[first + s] = (float) (near + (s + u) * step);
        }
        for (int s = 0; s < samples; s++) {
            int row = first + s;
            delta[row] = s + 1 < samples ? t[row + 1] - t[row] : (float) step;
            for (int k = 0; k < 3; k++) {
                positions[row * 3 + k] = (float) (origin[k] + t[row] * direction[k]);
                directions[row * 3 + k] = (float) direction[k];
            }
        }
    }
}
