package io.sl2a.nn.graph;

/** Adam hyper-parameters; PyTorch's defaults except the learning rate, which the caller sets. */
public record AdamSettings(double learningRate, double beta1, double beta2, double eps) {
    public AdamSettings {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
    }

    public static AdamSettings withLearningRate(double learningRate) {
        return new AdamSettings(learningRate, 0.9, 0.999, 1e-8);
    }
}
