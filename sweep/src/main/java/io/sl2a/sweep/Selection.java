package io.sl2a.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The paper's selection rule: per model, the grid setting with the best mean PSNR over the tuning
 * signals. A setting counts only where every signal's fit finished (a mean over fewer signals
 * would not compare); of equal means the first in the grid's order wins.
 */
final class Selection {
    private Selection() {
    }

    /** A model's chosen setting (the swept options only) and its mean PSNR. */
    record Best(Map<String, String> setting, double meanPsnr) {
    }

    /** The PSNRs of one model at one setting. */
    private static final class Tally {
        double sum;
        int count;
        boolean incomplete;
    }

    /**
     * The best setting per model that has one; {@code results.get(i)} is the result of
     * {@code jobs.get(i)}, and {@code swept} names the grid's options.
     */
    static Map<String, Best> best(List<Job> jobs, List<JobResult> results, Set<String> swept) {
        Map<String, Map<Map<String, String>, Tally>> tallies = new LinkedHashMap<>();
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            Map<String, String> setting = new TreeMap<>(job.settings());
            setting.keySet().retainAll(swept);
            Tally tally = tallies.computeIfAbsent(job.model(), m -> new LinkedHashMap<>())
                    .computeIfAbsent(setting, s -> new Tally());
            JobResult result = results.get(i);
            if (result.failed() || Double.isNaN(result.psnr())) {
                tally.incomplete = true;
            } else {
                tally.sum += result.psnr();
                tally.count++;
            }
        }
        Map<String, Best> best = new LinkedHashMap<>();
        tallies.forEach((model, settings) -> settings.forEach((setting, tally) -> {
            if (!tally.incomplete && tally.count > 0) {
                double mean = tally.sum / tally.count;
                Best current = best.get(model);
                if (current == null || mean > current.meanPsnr()) {
                    best.put(model, new Best(setting, mean));
                }
            }
        }));
        return best;
    }
}
