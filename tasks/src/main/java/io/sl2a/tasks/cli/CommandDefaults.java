package io.sl2a.tasks.cli;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A command's defaults for the shared option groups ({@link TrainingFlags}, {@link BatchFlag},
 * {@link OutputFlag}), by flag: the groups are declared once, the defaults are each command's own.
 */
public interface CommandDefaults {
    /** Default values by flag, e.g. {@code --epochs -> 1000}. */
    Map<String, String> optionDefaults();

    /** Picocli's provider of those defaults (set on the whole command tree by {@link Main}). */
    IDefaultValueProvider PROVIDER = CommandDefaults::defaultOf;

    private static String defaultOf(ArgSpec arg) {
        return arg instanceof OptionSpec option && arg.command() != null
                && arg.command().userObject() instanceof CommandDefaults command
                ? command.optionDefaults().get(option.longestName()) : null;
    }
}
