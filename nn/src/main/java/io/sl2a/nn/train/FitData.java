package io.sl2a.nn.train;

/**
 * Training points: {@code points} coordinates of {@code inFeatures} values each, and as many
 * target values of {@code outFeatures} channels, row-major. {@code grid} is non-null when the
 * coordinates lie on a grid, which training can exploit.
 */
public record FitData(float[] coords, float[] targets, int points, int inFeatures, int outFeatures, GridCoordinates grid) {
    public FitData {
        if (coords.length != points * inFeatures || targets.length != points * outFeatures) {
            throw new IllegalArgumentException("coordinates or targets do not match " + points + " points");
        }
        if (grid != null && grid.pointIndex().length != points * inFeatures) {
            throw new IllegalArgumentException("grid indices do not match " + points + " points");
        }
    }

    public FitData(float[] coords, float[] targets, int points, int inFeatures, int outFeatures) {
        this(coords, targets, points, inFeatures, outFeatures, null);
    }

    /** An image's pixels (interleaved channels in [0, 1]) at the reference's grid coordinates. */
    public static FitData image(int width, int height, int channels, float[] pixels) {
        GridCoordinates grid = GridCoordinates.image(width, height);
        return new FitData(grid.coordinates(2), pixels, width * height, 2, channels, grid);
    }
}
