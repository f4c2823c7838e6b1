package io.sl2a.tasks.inverse;

import java.util.Arrays;

/**
 * How well one candidate predicted the held-out observations as it trained: its PSNR on them at
 * each evaluated step. The best point of the curve is the candidate's stopping step.
 */
public record ValidationCurve(int degree, int[] steps, double[] psnr, double seconds) {
    public ValidationCurve {
        if (steps.length != psnr.length || steps.length == 0) {
            throw new IllegalArgumentException("a validation curve needs one PSNR per step, and at least one");
        }
    }

    /** The index of the best PSNR; on a tie the earlier step (less training for the same prediction). */
    public int bestIndex() {
        int best = 0;
        for (int i = 1; i < psnr.length; i++) {
            if (psnr[i] > psnr[best] || Double.isNaN(psnr[best]) && !Double.isNaN(psnr[i])) {
                best = i;
            }
        }
        return best;
    }

    public int bestSteps() {
        return steps[bestIndex()];
    }

    public double bestPsnr() {
        return psnr[bestIndex()];
    }

    /** Collects a curve's points as a fit runs. */
    public static final class Recorder {
        private final int degree;
        private int[] steps = new int[16];
        private double[] psnr = new double[16];
        private int count;

        public Recorder(int degree) {
            this.degree = degree;
        }

        public void add(int step, double value) {
            if (count == steps.length) {
                steps = Arrays.copyOf(steps, 2 * count);
                psnr = Arrays.copyOf(psnr, 2 * count);
            }
            steps[count] = step;
            psnr[count++] = value;
        }

        /** The curve so far; a run stopped before its first evaluation gives one point, NaN at step 0. */
        public ValidationCurve curve(double seconds) {
            if (count == 0) {
                add(0, Double.NaN);
            }
            return new ValidationCurve(degree, Arrays.copyOf(steps, count), Arrays.copyOf(psnr, count), seconds);
        }
    }
}
