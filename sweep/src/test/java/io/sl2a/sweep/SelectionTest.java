package io.sl2a.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The selection rule on given results (no Spark): best mean PSNR per model over complete settings. */
class SelectionTest {
    @Test
    void theBestMeanWinsAmongSettingsThatFittedEverySignal() {
        List<Job> jobs = List.of(
                job("a", "siren", "0.001"), job("b", "siren", "0.001"),
                job("a", "siren", "0.01"), job("b", "siren", "0.01"),
                job("a", "siren", "0.1"), job("b", "siren", "0.1"),
                job("a", "relu", "0.1"), job("b", "relu", "0.1"));
        List<JobResult> results = List.of(
                done(20), done(24),
                done(25), done(20),
                done(40), failed(),
                failed(), failed());
        Map<String, Selection.Best> best = Selection.best(jobs, results, Set.of("lr"));
        assertEquals(Set.of("siren"), best.keySet(), "relu fitted no signal at any setting");
        assertEquals(Map.of("lr", "0.01"), best.get("siren").setting(), "22.5 dB beats 22, and 0.1 missed a signal");
        assertEquals(22.5, best.get("siren").meanPsnr(), 1e-12);
    }

    @Test
    void ofEqualMeansTheFirstInTheGridWins() {
        List<Job> jobs = List.of(job("a", "siren", "0.001"), job("a", "siren", "0.01"));
        Map<String, Selection.Best> best = Selection.best(jobs, List.of(done(30), done(30)), Set.of("lr"));
        assertEquals(Map.of("lr", "0.001"), best.get("siren").setting());
    }

    private static Job job(String signal, String model, String lr) {
        return new Job(signal, model, "/images/" + signal + ".png", Map.of("lr", lr, "epochs", "3"),
                "/out/runs/" + signal + "/" + model + "/lr=" + lr);
    }

    private static JobResult done(double psnr) {
        return new JobResult("s", "m", "{}", psnr, 0.9, 10, 3, 1, 1, JobResult.DONE, "", "run");
    }

    private static JobResult failed() {
        return new JobResult("s", "m", "{}", Double.NaN, Double.NaN, 0, 0, Double.NaN, Double.NaN, JobResult.FAILED,
                "bad", "run");
    }
}
