package io.sl2a.nn.train;

/**
 * Training points: {@code points} coordinates of {@code inFeatures} values each, and as many
 * target values of {@code outFeatures} channels, row-major.
 */
public record FitData(float[] coords, float[] targets, int points, int inFeatures, int outFeatures) {
    public FitData {
        if (coords.length != points * inFeatures || targets.length != points * outFeatures) {
            throw new IllegalArgumentException("coordinates or targets do not match " + points + " points");
        }
    }
}
