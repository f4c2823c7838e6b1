package io.sl2a.sweep;

import java.util.Map;
import java.util.TreeMap;

/** The fit options every job of a sweep gets besides its own. */
final class JobSettings {
    private JobSettings() {
    }

    /**
     * {@code settings} with {@code --threads taskCpus} where a job on the cpu backend names no
     * threads: else each job would take every core, as many times as jobs run at once.
     */
    static Map<String, String> withThreads(Map<String, String> settings, int taskCpus) {
        Map<String, String> all = new TreeMap<>(settings);
        if (!all.containsKey("threads") && all.getOrDefault("backend", "cpu").equals("cpu")) {
            all.put("threads", Integer.toString(taskCpus));
        }
        return all;
    }
}
