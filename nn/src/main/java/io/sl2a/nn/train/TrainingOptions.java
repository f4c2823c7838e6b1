package io.sl2a.nn.train;

import io.sl2a.nn.graph.AdamSettings;

/**
 * How to train: epochs over the data, points per minibatch, the learning rate the schedule starts
 * from, Adam's fixed settings, the shuffle seed.
 */
public record TrainingOptions(int epochs, int batchSize, double learningRate, AdamSettings adam, long seed) {
    public TrainingOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batchSize);
        }
        LearningRateSchedule.requirePositive(learningRate);
    }

    /** With PyTorch's Adam settings. */
    public TrainingOptions(int epochs, int batchSize, double learningRate, long seed) {
        this(epochs, batchSize, learningRate, AdamSettings.PYTORCH, seed);
    }
}
