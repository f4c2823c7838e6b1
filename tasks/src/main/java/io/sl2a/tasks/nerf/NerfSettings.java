package io.sl2a.tasks.nerf;

/**
 * How a radiance field is trained: rays a step and samples a ray, the depth range, the background
 * grey (white, as the Blender scenes are composited), iterations, Adam's learning rate (decayed to a
 * tenth over the run, as torch-ngp's schedule) and the seed of every random draw.
 */
public record NerfSettings(int rays, int samples, double near, double far, float background, int iterations,
        double learningRate, long seed) {
    public NerfSettings {
        if (rays < 1 || samples < 2 || iterations < 1) {
            throw new IllegalArgumentException("rays, samples (at least 2) and iterations must be positive");
        }
        if (!(near >= 0 && far > near)) {
            throw new IllegalArgumentException("the depth range needs 0 <= near < far, got " + near + " and " + far);
        }
    }

    /** The learning rate at iteration {@code i}: lr * 0.1^(i / iterations). */
    public double learningRateAt(int i) {
        return learningRate * Math.pow(0.1, Math.min(1.0, (double) i / iterations));
    }
}
