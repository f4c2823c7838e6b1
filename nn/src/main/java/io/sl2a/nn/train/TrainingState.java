package io.sl2a.nn.train;

/**
 * Where a training run stands between two steps, enough to continue it exactly: the epoch, the
 * position in that epoch's permutation of the points (which depends only on the seed and the
 * epoch), the Adam step count, and the squared error and seconds the epoch has gathered so far.
 * The parameters and Adam moments themselves live on the device ({@code DeviceNetwork}).
 */
public record TrainingState(int epoch, int position, long step, double epochSquaredError, double epochSeconds) {
    /** A run that has not started. */
    public static final TrainingState START = new TrainingState(0, 0, 0, 0.0, 0.0);

    public TrainingState {
        if (epoch < 0 || position < 0 || step < 0) {
            throw new IllegalArgumentException("a training state counts from zero: epoch " + epoch + ", position " + position
                    + ", step " + step);
        }
    }
}
