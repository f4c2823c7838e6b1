package io.sl2a.tasks.inverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.models.Sl2aConfig;
import io.sl2a.nn.train.FitData;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Choosing the degree and the stopping step on held-out observations. */
class DegreeSearchTest {
    @Test
    void theBestHeldOutPointWinsAcrossCandidatesAndSteps() {
        List<ValidationCurve> curves = List.of(
                new ValidationCurve(16, new int[] {10, 20, 30}, new double[] {20, 24, 25}, 1),
                new ValidationCurve(32, new int[] {10, 20, 30}, new double[] {22, 27, 26}, 1),
                new ValidationCurve(64, new int[] {10, 20, 30}, new double[] {23, 26.5, 21}, 1));
        DegreeSearch.Choice choice = DegreeSearch.choose(curves);
        assertEquals(32, choice.degree());
        assertEquals(20, choice.steps(), "stops where the held-out PSNR peaked, not at the end");
        assertEquals(27, choice.psnr());
        assertEquals(3, choice.curves().size());
        // A tie goes to the candidate listed first (the lower degree) and to the earlier step.
        DegreeSearch.Choice tie = DegreeSearch.choose(List.of(
                new ValidationCurve(16, new int[] {5, 10}, new double[] {30, 30}, 1),
                new ValidationCurve(32, new int[] {5, 10}, new double[] {29, 30}, 1)));
        assertEquals(16, tie.degree());
        assertEquals(5, tie.steps());
        // A diverged candidate (NaN) never wins.
        assertEquals(32, DegreeSearch.choose(List.of(
                new ValidationCurve(16, new int[] {5}, new double[] {Double.NaN}, 1),
                new ValidationCurve(32, new int[] {5}, new double[] {3}, 1))).degree());
    }

    @Test
    void evaluatesTenTimesAndAtTheEnd() {
        List<Integer> at = new ArrayList<>();
        for (int done = 1; done <= 95; done++) {
            if (DegreeSearch.evaluatesAt(done, 95)) {
                at.add(done);
            }
        }
        assertEquals(List.of(9, 18, 27, 36, 45, 54, 63, 72, 81, 90, 95), at);
        assertTrue(DegreeSearch.evaluatesAt(1, 3) && DegreeSearch.evaluatesAt(3, 3));
    }

    /**
     * Noise about a constant: nothing in the observations predicts the held-out pixels but their
     * mean, which degree 1 represents and cannot leave; degree 32 on a 32-pixel axis can pass
     * through every noisy training pixel and so predicts the held-out ones worse. The search must
     * choose 1; if it scored the fit share instead, or the held-out share were the fit share, it
     * would choose 32.
     */
    @Test
    void heldOutPixelsChooseTheDegreeThatDoesNotFitTheNoise() {
        int size = 32;
        float[] pixels = new float[size * size];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) Math.min(1, Math.max(0, 0.5 + 0.2 * random.nextGaussian()));
        }
        FitData observed = FitData.image(size, size, 1, pixels);
        try (CpuBackend backend = new CpuBackend(2, CpuBackend.GemmChoice.AUTO)) {
            HeldOutSearch.Outcome outcome = HeldOutSearch.points(observed, List.of(1, 32),
                    degree -> new Sl2aConfig(2, 1, degree, 32, 1, 16, true, true), 300, 4096, 1e-2, 3, backend,
                    () -> false, line -> { });
            ValidationCurve low = outcome.choice().curves().get(0);
            ValidationCurve high = outcome.choice().curves().get(1);
            assertEquals(1, outcome.choice().degree(), "held-out " + low.bestPsnr() + " dB at degree 1, "
                    + high.bestPsnr() + " at 32");
            assertEquals(10, low.steps().length, "ten evaluations, the last at the end");
            assertEquals(300, low.steps()[9], "one full-batch step an epoch");
            // The noise floor: the mean predicts the held-out pixels to within their deviation (~14 dB).
            assertTrue(low.bestPsnr() > 13, "degree 1 reaches " + low.bestPsnr());
            assertTrue(high.psnr()[9] < low.bestPsnr() - 0.5, "degree 32 ends fitting the noise: " + high.psnr()[9]);
        }
    }
}
