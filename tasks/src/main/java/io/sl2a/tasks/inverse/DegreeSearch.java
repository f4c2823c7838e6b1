package io.sl2a.tasks.inverse;

import java.util.ArrayList;
import java.util.List;

/**
 * Chooses SL2A's degree and stopping step for an inverse problem by how well each candidate,
 * trained on the fit share, predicts the held-out share. The paper's degrees (200 for
 * super-resolution, 128 for CT, 256 for images) fit the observations and invent noise between
 * them; which lower degree generalises depends on the signal, so it is measured rather than fixed.
 */
public final class DegreeSearch {
    /**
     * The candidates: 16, 32 and 64. Each costs one fit, so the list is short; it brackets every
     * degree measured best on these problems (32 for x4 super-resolution and for CT from 100 angles,
     * 32 to 64 for inpainting at keep 0.7), and 128 or more lost on each of them by several dB
     * (docs/results.md), so a fourth candidate there would cost a fit for a degree that does not win.
     */
    public static final List<Integer> CANDIDATES = List.of(16, 32, 64);

    /** Validation evaluations over a candidate's run: the curve's resolution for the stopping step. */
    public static final int EVALUATIONS = 10;

    /** The degree and step that predicted the held-out share best, and every candidate's curve. */
    public record Choice(int degree, int steps, double psnr, List<ValidationCurve> curves) {
    }

    /** One candidate's fit on the fit share, with its validation curve. */
    @FunctionalInterface
    public interface Trial {
        ValidationCurve run(int degree);
    }

    private DegreeSearch() {
    }

    /** Runs every candidate, in order, and chooses among them. */
    public static Choice search(List<Integer> candidates, Trial trial) {
        List<ValidationCurve> curves = new ArrayList<>();
        for (int degree : candidates) {
            curves.add(trial.run(degree));
        }
        return choose(curves);
    }

    /**
     * The best held-out PSNR over every candidate and step; on a tie the candidate listed first
     * (the lower degree: the simpler model that predicts as well).
     */
    public static Choice choose(List<ValidationCurve> curves) {
        if (curves.isEmpty()) {
            throw new IllegalArgumentException("no candidates to choose from");
        }
        ValidationCurve best = curves.get(0);
        for (ValidationCurve curve : curves) {
            if (curve.bestPsnr() > best.bestPsnr() || Double.isNaN(best.bestPsnr()) && !Double.isNaN(curve.bestPsnr())) {
                best = curve;
            }
        }
        return new Choice(best.degree(), best.bestSteps(), best.bestPsnr(), List.copyOf(curves));
    }

    /** Whether a run of {@code total} steps (or epochs) evaluates after {@code done} of them. */
    public static boolean evaluatesAt(int done, int total) {
        int every = Math.max(1, total / EVALUATIONS);
        return done % every == 0 || done == total;
    }
}
