package io.sl2a.tasks.cli;

import io.sl2a.nn.models.ModelOption;
import io.sl2a.nn.models.ModelRegistry;
import io.sl2a.nn.models.ModelSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/**
 * The model options on the command line: every option of every model of the registry becomes a
 * flag of each command that mixes in {@link ModelOptions}, with help derived from the declarations
 * ({@code sl2a, chebykan: Chebyshev degree (default: 256; chebykan 23)}). A model from another
 * jar brings its flags along.
 */
final class ModelOptionFlags {
    private ModelOptionFlags() {
    }

    /** Every model option, one per name (the first model's declaration), in the registry's order. */
    static List<ModelOption> allOptions() {
        Map<String, ModelOption> options = new LinkedHashMap<>();
        for (ModelSpec spec : ModelRegistry.specs()) {
            for (ModelOption option : spec.options()) {
                ModelOption first = options.putIfAbsent(option.name(), option);
                if (first != null && first.type() != option.type()) {
                    throw new IllegalStateException("--" + option.name() + " is " + first.type() + " in one model and "
                            + option.type() + " in " + spec.name());
                }
            }
        }
        return List.copyOf(options.values());
    }

    /** Adds the model flags to every command of {@code root} that mixes in {@link ModelOptions}. */
    static void addTo(CommandLine root) {
        List<ModelSpec> specs = ModelRegistry.specs();
        List<ModelOption> options = allOptions();
        for (CommandLine command : commands(root)) {
            for (CommandSpec mixin : command.getCommandSpec().mixins().values()) {
                if (mixin.userObject() instanceof ModelOptions target) {
                    for (ModelOption option : options) {
                        command.getCommandSpec().addOption(flag(option, specs, target));
                    }
                }
            }
        }
    }

    private static List<CommandLine> commands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>(List.of(root));
        for (CommandLine sub : root.getSubcommands().values()) {
            all.addAll(commands(sub));
        }
        return all;
    }

    private static OptionSpec flag(ModelOption option, List<ModelSpec> specs, ModelOptions target) {
        OptionSpec.Builder flag = OptionSpec.builder(option.flag())
                .description(help(option, specs))
                .setter(new ISetter() {
                    @Override
                    public <T> T set(T value) {
                        target.set(option.name(), value);
                        return null;
                    }
                });
        if (option.type() == ModelOption.Type.FLAG) {
            return flag.type(boolean.class).arity("0").build();
        }
        return flag.type(option.type().javaType()).arity("1").paramLabel(option.name().toUpperCase().replace('-', '_'))
                .build();
    }

    /** The models that take the option (none named when all do), its help, and each model's default. */
    private static String help(ModelOption option, List<ModelSpec> specs) {
        List<String> takers = new ArrayList<>();
        Map<String, String> defaults = new LinkedHashMap<>();
        for (ModelSpec spec : specs) {
            ModelOption own = spec.option(option.name());
            if (own != null) {
                takers.add(spec.name());
                defaults.putIfAbsent(own.defaultText(), spec.name());
            }
        }
        String who = takers.size() == specs.size() ? "" : String.join(", ", takers) + ": ";
        StringBuilder text = new StringBuilder(who + capitalised(option.help(), who.isEmpty()));
        if (option.type() != ModelOption.Type.FLAG) {
            List<String> others = new ArrayList<>();
            defaults.forEach((value, model) -> others.add(model + " " + value));
            text.append(" (default: ").append(option.defaultText());
            if (others.size() > 1) {
                text.append("; ").append(String.join(", ", others.subList(1, others.size())));
            }
            text.append(")");
        }
        return text.append('.').toString();
    }

    private static String capitalised(String help, boolean first) {
        return first && !help.isEmpty() ? Character.toUpperCase(help.charAt(0)) + help.substring(1) : help;
    }
}
