package io.sl2a.tasks.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --epochs}, {@code --lr} and {@code --seed}, declared once and mixed into every command
 * that trains a network; each command states its own defaults ({@link CommandDefaults}).
 */
public final class TrainingFlags {
    @Option(names = "--epochs", paramLabel = "N",
            description = "Training epochs: passes over the training points, or steps"
            + " where each step takes the whole signal (default: ${DEFAULT-VALUE}).")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "LR", description = "Adam learning rate, decayed to a tenth over the run"
            + " (default: ${DEFAULT-VALUE:-the model's; see: sl2a models}).")
    Double lr;

    @Option(names = "--seed", paramLabel = "S",
            description = "Seed of the initialisation, the shuffling and the task's own"
            + " random draws (default: ${DEFAULT-VALUE}).")
    Long seed;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Whether the user gave {@code flag} (a default does not count). */
    boolean given(String flag) {
        return command.commandLine().getParseResult().hasMatchedOption(flag);
    }

    /** The learning rate given, else {@code modelDefault}. */
    double lr(double modelDefault) {
        return lr != null ? lr : modelDefault;
    }
}
