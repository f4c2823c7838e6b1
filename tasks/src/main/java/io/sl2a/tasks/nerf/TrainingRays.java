package io.sl2a.tasks.nerf;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Every pixel of the training views as a ray (origin, unit direction) with its colour: the pool a
 * step draws its rays from, uniformly over all pixels of all views (torch-ngp draws a batch from one
 * view; over all views the batch is less correlated, and both converge to the same field).
 */
final class TrainingRays {
    final float[] origins;
    final float[] directions;
    final float[] colours;
    final int count;

    TrainingRays(List<NerfDataset.View> views) {
        long total = 0;
        for (NerfDataset.View v : views) {
            total += (long) v.camera().width() * v.camera().height();
        }
        if (total * 3 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many training pixels for one pool: " + total + " (use --downscale)");
        }
        count = (int) total;
        origins = new float[count * 3];
        directions = new float[count * 3];
        colours = new float[count * 3];
        int offset = 0;
        for (NerfDataset.View v : views) {
            int pixels = v.camera().width() * v.camera().height();
            float[] o = new float[pixels * 3];
            float[] d = new float[pixels * 3];
            v.camera().rays(o, d);
            System.arraycopy(o, 0, origins, offset * 3, pixels * 3);
            System.arraycopy(d, 0, directions, offset * 3, pixels * 3);
            System.arraycopy(v.image().pixels(), 0, colours, offset * 3, pixels * 3);
            offset += pixels;
        }
    }

    /** Fills {@code batch} with random rays and their pixels ({@code rays x 3}). */
    void draw(RaySamples batch, float[] pixels, NerfSettings settings, OccupancyGrid grid, SplittableRandom random) {
        double[] origin = new double[3];
        double[] direction = new double[3];
        for (int ray = 0; ray < batch.rays(); ray++) {
            int pixel = random.nextInt(count);
            for (int k = 0; k < 3; k++) {
                origin[k] = origins[pixel * 3 + k];
                direction[k] = directions[pixel * 3 + k];
                pixels[ray * 3 + k] = colours[pixel * 3 + k];
            }
            batch.set(ray, origin, direction, settings.near(), settings.far(), grid, random);
        }
    }
}
