package io.sl2a.tasks.cli;

import picocli.CommandLine.Option;

/** {@code --batch}, declared once for the commands that train on minibatches of points. */
public final class BatchFlag {
    @Option(names = "--batch", paramLabel = "B",
            description = "Points per minibatch (default: ${DEFAULT-VALUE:-the model's;"
            + " see: sl2a models}).")
    Integer batch;

    /** The batch given, else {@code modelDefault}. */
    int batch(int modelDefault) {
        return batch != null ? batch : modelDefault;
    }
}
