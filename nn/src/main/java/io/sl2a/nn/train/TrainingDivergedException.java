package io.sl2a.nn.train;

import java.util.Map;

/**
 * The loss became NaN or infinite. Carries the parameters at the end of the last epoch whose loss
 * and parameters were finite (the initial ones if none), so that the caller can keep them.
 */
public final class TrainingDivergedException extends RuntimeException {
    private final int epoch;
    private final transient Map<String, float[]> lastGoodParameters;
    private final int lastGoodEpoch;

    public TrainingDivergedException(int epoch, int lastGoodEpoch, Map<String, float[]> lastGoodParameters) {
        super("loss became NaN at epoch " + (epoch + 1) + "; try a smaller --lr");
        this.epoch = epoch;
        this.lastGoodEpoch = lastGoodEpoch;
        this.lastGoodParameters = lastGoodParameters;
    }

    public int epoch() {
        return epoch;
    }

    /** Number of completed good epochs (0 when the first epoch already diverged). */
    public int lastGoodEpoch() {
        return lastGoodEpoch;
    }

    public Map<String, float[]> lastGoodParameters() {
        return lastGoodParameters;
    }
}
