package io.sl2a.program;

/**
 * Scalars that change from step to step and are passed with each run rather than stored in
 * buffers: the Adam step size {@code lr / (1 - beta1^t)} and {@code sqrt(1 - beta2^t)}, computed
 * in double precision by the host as PyTorch does.
 */
public record StepScalars(float adamStepSize, float adamSqrtBiasCorrection2) {
    public static final StepScalars NONE = new StepScalars(0.0f, 1.0f);

    public static StepScalars adam(double learningRate, double beta1, double beta2, long step) {
        double biasCorrection1 = 1.0 - Math.pow(beta1, step);
        double biasCorrection2 = 1.0 - Math.pow(beta2, step);
        return new StepScalars((float) (learningRate / biasCorrection1), (float) Math.sqrt(biasCorrection2));
    }
}
