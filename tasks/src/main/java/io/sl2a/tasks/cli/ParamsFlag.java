package io.sl2a.tasks.cli;

import io.sl2a.tasks.io.UserInputException;
import picocli.CommandLine.Option;

/**
 * {@code --params N}, declared once for {@code fit} and {@code compare}: the model sized to about N
 * trainable parameters, so that models of equal size are compared ({@link io.sl2a.nn.models.ModelSpec#scaledTo}).
 */
public final class ParamsFlag {
    @Option(names = "--params", paramLabel = "N",
            description = "Size the model to about N trainable parameters (an MLP's width, a hash grid's table size"
            + " and levels, a grid's resolution; default: the model's own size).")
    Long params;

    /** The budget given (null: each model at its own size), refused below 1. */
    Long budget() {
        if (params != null && params < 1) {
            throw new UserInputException("--params must be at least 1, got " + params);
        }
        return params;
    }
}
