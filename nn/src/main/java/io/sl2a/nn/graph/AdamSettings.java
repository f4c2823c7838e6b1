package io.sl2a.nn.graph;

/**
 * Adam's fixed hyper-parameters, which the compiler puts into every update operation. The learning
 * rate is not one of them: the schedule sets it each step ({@link io.sl2a.program.StepScalars}).
 */
public record AdamSettings(double beta1, double beta2, double eps) {
    /** PyTorch's defaults: betas 0.9 and 0.999, eps 1e-8. */
    public static final AdamSettings PYTORCH = new AdamSettings(0.9, 0.999, 1e-8);
}
