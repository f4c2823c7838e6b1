package io.sl2a.tasks.cli;

import io.sl2a.nn.models.ModelOption;
import io.sl2a.nn.models.ModelRegistry;
import io.sl2a.nn.models.ModelSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code sl2a models}: every model of {@code --model} with its options, their defaults, and its training defaults. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List the models of --model with their options"
        + " and defaults.")
public final class ModelsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        for (ModelSpec model : ModelRegistry.specs()) {
            System.out.printf("%s: %s%n", model.name(), model.description());
            System.out.printf("  training: --lr %s --batch %d%n", model.learningRate(), model.batch());
            for (ModelOption option : model.options()) {
                System.out.printf("  %-20s %-6s %s%s%n", option.flag(), option.defaultText(), option.help(),
                        option.range().isEmpty() ? "" : " (" + option.range() + ")");
            }
        }
        return 0;
    }
}
