package io.sl2a.bench;

import io.sl2a.nn.models.ModelOption;
import io.sl2a.nn.models.ModelRegistry;
import io.sl2a.nn.models.ModelSpec;
import io.sl2a.nn.models.OptionValues;
import io.sl2a.nn.models.SharedOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The benchmarks' models, from the registry: {@link TrainingThroughput} builds a model from its
 * spec and the options given, and {@code bench/end-to-end.sh} reads each model's training
 * defaults from {@link #main} ({@code eval "$(... ModelDefaults NAME)"}) instead of a table of its own.
 */
public final class ModelDefaults {
    private ModelDefaults() {
    }

    static ModelSpec spec(String name) {
        return ModelRegistry.find(name).orElseThrow(() -> new IllegalArgumentException("--model must be one of "
                + ModelRegistry.names() + ", got " + name));
    }

    /** Every option name of every model: what the benchmark mains accept. */
    static Set<String> optionNames() {
        Set<String> names = new TreeSet<>();
        ModelRegistry.specs().forEach(s -> s.options().forEach(o -> names.add(o.name())));
        return names;
    }

    /** The options of {@code model} that {@code args} gives (the others, which another model may take, are ignored). */
    static OptionValues optionValues(String model, Args args) {
        Map<String, Object> given = new LinkedHashMap<>();
        for (ModelOption option : spec(model).options()) {
            String text = args.string(option.name(), null);
            if (text != null) {
                given.put(option.name(),
                        option.type() == ModelOption.Type.TEXT ? text : option.codec().read().apply(text));
            }
        }
        return OptionValues.of(given);
    }

    /** Prints {@code model_batch=... model_lr=... model_width=... model_layers=... [model_degree=...]} for a shell. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: ModelDefaults MODEL");
            System.exit(2);
        }
        ModelSpec spec;
        try {
            spec = spec(args[0]);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        StringBuilder line = new StringBuilder("model_batch=" + spec.batch() + " model_lr=" + spec.learningRate());
        ModelOption width = spec.option(SharedOptions.WIDTH.name());
        ModelOption layers = spec.option(SharedOptions.LAYERS.name());
        ModelOption degree = spec.option("degree");
        line.append(width == null ? "" : " model_width=" + width.defaultText());
        line.append(layers == null ? "" : " model_layers=" + layers.defaultText());
        line.append(degree == null ? "" : " model_degree=" + degree.defaultText());
        System.out.println(line);
    }
}
