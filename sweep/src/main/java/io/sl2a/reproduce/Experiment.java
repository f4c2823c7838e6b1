package io.sl2a.reproduce;

import java.util.List;

/**
 * One experiment of the paper, as {@code sl2a reproduce} runs it: its own settings at each scale,
 * its run (through the project's commands, into its own directory), and its claims with verdicts.
 * A new experiment is a new implementation and a line in {@link Experiments}.
 */
public interface Experiment {
    /** The name for {@code --only}: image, variants, ... */
    String name();

    /** A heading for the report. */
    String title();

    /** What this experiment runs at {@code scale}, and what differs from the paper's protocol there. */
    String protocol(Scale scale, DataSources data);

    /**
     * The training this experiment does at {@code scale}, for the estimate of its cost: per model
     * the points it sends through that model (fits x epochs x points of a fit).
     */
    List<Work> workload(Scale scale, DataSources data);

    /** The experiments whose outcome this one reads ({@link ExperimentContext#outcomeOf}). */
    default List<String> needs() {
        return List.of();
    }

    /** Runs the experiment in {@code context.directory()}; runs already finished there are reused. */
    Outcome run(ExperimentContext context) throws InterruptedException;

    /**
     * Training work of one model.
     *
     * @param model the model's name (its samples per second are measured to estimate the time)
     * @param points the training points it sends through that model
     */
    record Work(String model, double points) {
    }
}
