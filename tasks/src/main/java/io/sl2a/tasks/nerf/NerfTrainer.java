package io.sl2a.tasks.nerf;

import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.objectives.RadianceField;
import io.sl2a.program.StepScalars;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * The training loop of a radiance field: each iteration draws a batch of random rays from every
 * training pixel, stratified samples along them, and runs one step (render, MSE, backward, Adam)
 * on the device. Every draw of iteration i comes from a random source of (seed, i) alone, so a run
 * resumed at iteration i continues exactly as the uninterrupted one.
 */
final class NerfTrainer {
    /** torch-ngp's (and FINER's) Adam for NeRF: betas 0.9 and 0.99, eps 1e-15. */
    static final AdamSettings ADAM = new AdamSettings(0.9, 0.99, 1e-15);

    /** How far a run got: iterations done, training PSNR per iteration (from the batch's MSE), seconds. */
    public record Progress(int iterations, double[] psnr, double seconds) {
    }

    private final RadianceField field;
    private final TrainingRays pool;
    private final NerfSettings settings;
    private final OccupancyGrid grid;
    /** instant-ngp's cadence: the grid is refreshed every 16 steps, once the field has had a few. */
    static final int GRID_EVERY = 16;
    static final int GRID_FROM = 32;

    NerfTrainer(RadianceField field, TrainingRays pool, NerfSettings settings, OccupancyGrid grid) {
        this.field = field;
        this.pool = pool;
        this.settings = settings;
        this.grid = grid;
    }

    /**
     * Iterations {@code [start, settings.iterations())}, or until {@code stop} says so between two,
     * each one's training PSNR written into {@code psnr} (of one entry an iteration);
     * {@code afterIteration} sees every finished iteration's number (1-based count).
     */
    Progress run(int start, double[] psnr, BooleanSupplier stop, IntConsumer afterIteration) {
        int rays = field.rendering().rays();
        RaySamples batch = new RaySamples(rays, field.rendering().samples());
        float[] pixels = new float[rays * 3];
        AdamSettings adam = ADAM;
        long begin = System.nanoTime();
        int done = start;
        for (int i = start; i < settings.iterations() && !stop.getAsBoolean(); i++) {
            SplittableRandom random = new SplittableRandom(settings.seed() * 0x9E3779B97F4A7C15L + i);
            if (grid != null && i >= GRID_FROM && i % GRID_EVERY == 0) {
                grid.update(field, random.split());
            }
            pool.draw(batch, pixels, settings, grid, random);
            StepScalars scalars = StepScalars.adam(settings.learningRateAt(i), adam.beta1(), adam.beta2(), i + 1L);
            double squaredError = field.trainStep(batch.positions, batch.directions, batch.t, batch.delta, pixels,
                    scalars);
            double mse = squaredError / (rays * 3.0);
            if (!Double.isFinite(mse)) {
                throw new io.sl2a.tasks.io.UserInputException("the loss became " + mse + " at iteration " + (i + 1)
                        + "; try a smaller --lr");
            }
            psnr[i] = -10 * Math.log10(Math.max(mse, 1e-12));
            done = i + 1;
            afterIteration.accept(done);
        }
        return new Progress(done, psnr, (System.nanoTime() - begin) / 1e9);
    }
}
