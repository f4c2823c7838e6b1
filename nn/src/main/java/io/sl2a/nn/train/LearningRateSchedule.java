package io.sl2a.nn.train;

/**
 * The reference schedule (a LambdaLR stepped once per epoch): during epoch e (from 0) the
 * learning rate is {@code lr * factor^min(e / epochs, 1)}, with factor 0.1.
 */
public record LearningRateSchedule(double baseRate, double factor, int epochs) {
    /** Refuses a learning rate that is not a positive finite number. */
    public static void requirePositive(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
    }

    /** The reference schedule from {@code baseRate} (a positive number) over {@code epochs}. */
    public static LearningRateSchedule reference(double baseRate, int epochs) {
        requirePositive(baseRate);
        return new LearningRateSchedule(baseRate, 0.1, epochs);
    }

    public double rateAt(int epoch) {
        return baseRate * Math.pow(factor, Math.min((double) epoch / epochs, 1.0));
    }
}
