package io.sl2a.nn.layers;

import io.sl2a.kernels.WaveKernels;

/**
 * The nonlinearity a linear layer applies after its bias: none, ReLU, or one of the baselines'
 * waves with its scale (SIREN's sine sin(w z), the Gaussian exp(-(s z)^2), FINER's
 * sin(w (|z| + 1) z)).
 */
public record Activation(Kind kind, float scale) {
    public enum Kind {
        NONE, RELU, SINE, GAUSS, FINER
    }

    public static final Activation NONE = new Activation(Kind.NONE, 0.0f);
    public static final Activation RELU = new Activation(Kind.RELU, 0.0f);

    public static Activation sine(float omega) {
        return new Activation(Kind.SINE, omega);
    }

    public static Activation gauss(float scale) {
        return new Activation(Kind.GAUSS, scale);
    }

    public static Activation finer(float omega) {
        return new Activation(Kind.FINER, omega);
    }

    boolean isRelu() {
        return kind == Kind.RELU;
    }

    /** Whether the backward needs the pre-activation (kept by {@code BiasWave}). */
    boolean isWave() {
        return kind == Kind.SINE || kind == Kind.GAUSS || kind == Kind.FINER;
    }

    /** The kind as {@link WaveKernels} numbers it. */
    int waveKind() {
        return switch (kind) {
            case SINE -> WaveKernels.SINE;
            case GAUSS -> WaveKernels.GAUSS;
            case FINER -> WaveKernels.FINER;
            default -> throw new IllegalStateException(kind + " is not a wave");
        };
    }
}
