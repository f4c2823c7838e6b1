package io.sl2a.reproduce;

import io.sl2a.tasks.io.UserInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every experiment of {@code sl2a reproduce}, in the report's order. */
public final class Experiments {
    private Experiments() {
    }

    public static Map<String, Experiment> all() {
        Map<String, Experiment> all = new LinkedHashMap<>();
        for (Experiment e : List.of(new ImageExperiment(), new VariantsExperiment(), new SkipExperiment(),
                new ReluExperiment(), new DegreeExperiment(), new KanExperiment(), new OccupancyExperiment(),
                new ConvergenceExperiment(), new InverseProblemExperiment(InverseProblemExperiment.SUPERRES),
                new InverseProblemExperiment(InverseProblemExperiment.CT),
                new InverseProblemExperiment(InverseProblemExperiment.INPAINT), new NerfExperiment(),
                new SpectralBiasExperiment(), new NtkExperiment())) {
            all.put(e.name(), e);
        }
        return all;
    }

    /** The experiments {@code --only} names (all when null), in the report's order. */
    public static List<Experiment> select(List<String> only) {
        Map<String, Experiment> all = all();
        if (only == null || only.isEmpty()) {
            return List.copyOf(all.values());
        }
        for (String name : only) {
            if (!all.containsKey(name)) {
                throw new UserInputException("unknown experiment '" + name + "': use " + String.join(", ", all.keySet()));
            }
        }
        List<Experiment> chosen = new ArrayList<>();
        all.forEach((name, e) -> {
            if (only.contains(name)) {
                chosen.add(e);
            }
        });
        return chosen;
    }
}
