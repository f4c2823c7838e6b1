package io.sl2a.nn.models;

import io.sl2a.nn.checkpoint.CheckpointException;
import io.sl2a.nn.checkpoint.Safetensors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Every model: the specs {@link ServiceLoader} finds (this library's own, listed in its
 * {@code META-INF/services/io.sl2a.nn.models.ModelSpec} in the order help shows them, then any
 * from other jars on the class path). Looked up afresh each time through the context class loader,
 * so a program that adds a jar at run time sees its models.
 */
public final class ModelRegistry {
    /** The model a checkpoint means when its metadata names none: SL2A's metadata predates the field. */
    public static final String UNNAMED_CHECKPOINT_MODEL = "sl2a";

    private ModelRegistry() {
    }

    /** Every spec: this library's first, in their declared order, then the others in class-path order. */
    public static List<ModelSpec> specs() {
        List<ModelSpec> own = new ArrayList<>();
        List<ModelSpec> others = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ModelSpec spec : ServiceLoader.load(ModelSpec.class)) {
            if (!names.add(spec.name())) {
                throw new IllegalStateException("two models are named " + spec.name() + " on the class path");
            }
            (spec.getClass().getName().startsWith(ModelRegistry.class.getPackageName() + ".") ? own : others).add(spec);
        }
        own.addAll(others);
        return own;
    }

    public static List<String> names() {
        return specs().stream().map(ModelSpec::name).toList();
    }

    public static Optional<ModelSpec> find(String name) {
        return specs().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * The configuration a checkpoint's metadata describes; a checkpoint without a model field is
     * {@link #UNNAMED_CHECKPOINT_MODEL}'s.
     */
    public static ModelConfig fromMetadata(Map<String, String> metadata, String source) {
        String model = metadata.getOrDefault(ModelMetadata.MODEL, UNNAMED_CHECKPOINT_MODEL);
        if (!"sl2a".equals(metadata.get(ModelMetadata.FORMAT))) {
            String format = metadata.get(ModelMetadata.FORMAT);
            throw new CheckpointException(source + ": metadata format is '" + (format == null ? null : Safetensors.quote(format))
                    + "', expected 'sl2a'");
        }
        ModelMetadata meta = new ModelMetadata(metadata, source);
        try {
            if (model.equals(NerfFieldConfig.NAME)) {
                return NerfFieldConfig.parse(meta, metadata, source);
            }
            ModelSpec spec = find(model).orElseThrow(() -> new CheckpointException(source + ": unknown model '"
                    + Safetensors.quote(model) + "' (known: " + String.join(", ", names()) + ")"));
            return spec.fromMetadata(meta);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(source + ": metadata describes an invalid model: " + e.getMessage());
        }
    }
}
