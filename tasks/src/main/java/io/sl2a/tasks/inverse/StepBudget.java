package io.sl2a.tasks.inverse;

/**
 * A training length in optimiser steps, for the fits that take minibatches of points: one epoch is
 * ceil(points / batch) steps, so "100 epochs" is 100 steps on a small image and thousands on a large
 * one. The inverse problems count steps, and run whole epochs up to the budget.
 */
public final class StepBudget {
    private StepBudget() {
    }

    public static int stepsPerEpoch(int points, int batch) {
        return (int) (((long) points + Math.min(batch, points) - 1) / Math.min(batch, points));
    }

    /** The whole epochs that take at least one step and no more than {@code steps} unless one epoch is longer. */
    public static int epochsFor(int steps, int points, int batch) {
        return Math.max(1, steps / stepsPerEpoch(points, batch));
    }
}
