package io.sl2a.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules that judge a claim: order and sign at any scale, absolute figures only where comparable. */
class ClaimsTest {
    private static final Map<String, Double> PAPER = scores(36.88, 36.35, 35.27);

    @Test
    void aWinnerHoldsWhereItIsFirstAndNotOtherwise() {
        Claim first = Claims.best("s", "src", "sl2a", PAPER, scores(30.0, 29.0, 28.0), "dB", "quick");
        assertEquals(Verdict.HOLDS, first.verdict());
        assertEquals("sl2a 30.00 dB, finer 29.00 dB", first.ours());
        assertEquals("margin +1.00 dB vs +0.530", first.difference());
        Claim second = Claims.best("s", "src", "sl2a", PAPER, scores(29.0, 30.0, 28.0), "dB", "quick");
        assertEquals(Verdict.DOES_NOT_HOLD, second.verdict());
        assertEquals("finer is first, not sl2a; quick", second.why());
    }

    @Test
    void aWinnerThatDidNotFinishIsNotJudged() {
        Map<String, Double> ours = scores(30.0, 29.0, 28.0);
        ours.remove("sl2a");
        assertEquals(Verdict.NOT_COMPARABLE, Claims.best("s", "src", "sl2a", PAPER, ours, "dB", "q").verdict());
    }

    @Test
    void anAbsoluteFigureIsJudgedOnlyWhereComparable() {
        assertEquals(Verdict.NOT_COMPARABLE, Claims.absolute("s", "src", 36.88, 20, 0.5, "dB", false, "q").verdict());
        assertEquals(Verdict.HOLDS, Claims.absolute("s", "src", 36.88, 36.5, 0.5, "dB", true, "q").verdict());
        assertEquals(Verdict.HOLDS, Claims.absolute("s", "src", 36.88, 40, 0.5, "dB", true, "q").verdict());
        assertEquals(Verdict.DOES_NOT_HOLD, Claims.absolute("s", "src", 36.88, 36.3, 0.5, "dB", true, "q").verdict());
        assertEquals(Verdict.NOT_COMPARABLE, Claims.absolute("s", "src", 36.88, Double.NaN, 0.5, "dB", true, "q")
                .verdict());
    }

    @Test
    void parameterCountsMatchWithinTwoPercent() {
        assertEquals(Verdict.HOLDS, Claims.params("siren", "src", 198.9, 198_401).verdict());
        assertEquals(Verdict.DOES_NOT_HOLD, Claims.params("wire", "src", 91.6, 181_700).verdict());
        assertEquals("+98.4%", Claims.params("wire", "src", 91.6, 181_700).difference());
    }

    @Test
    void aDifferenceHoldsByItsSign() {
        assertEquals(Verdict.HOLDS, Claims.exceeds("s", "src", 6.22, 0.1, "dB", "q").verdict());
        assertEquals(Verdict.DOES_NOT_HOLD, Claims.exceeds("s", "src", 6.22, -0.1, "dB", "q").verdict());
        assertEquals(Verdict.NOT_COMPARABLE, Claims.exceeds("s", "src", 6.22, Double.NaN, "dB", "q").verdict());
    }

    private static Map<String, Double> scores(double sl2a, double finer, double reluPe) {
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("sl2a", sl2a);
        scores.put("finer", finer);
        scores.put("relu-pe", reluPe);
        return scores;
    }
}
