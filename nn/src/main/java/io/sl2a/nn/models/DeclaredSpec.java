package io.sl2a.nn.models;

import java.util.List;

/**
 * A spec stated as values: what most models' specs are. A model's file declares
 * {@code public static final class Spec extends DeclaredSpec} with a no-argument constructor (which
 * {@link java.util.ServiceLoader} needs) passing its name, line, training defaults, options and
 * builder.
 */
public abstract class DeclaredSpec implements ModelSpec {
    /** Builds the configuration from option values. */
    @FunctionalInterface
    public interface Builder {
        ModelConfig build(int in, int out, OptionValues values);
    }

    private final String name;
    private final String description;
    private final double learningRate;
    private final int batch;
    private final List<ModelOption> options;
    private final Builder builder;

    protected DeclaredSpec(String name, String description, double learningRate, int batch, List<ModelOption> options,
            Builder builder) {
        this.name = name;
        this.description = description;
        this.learningRate = learningRate;
        this.batch = batch;
        this.options = List.copyOf(options);
        this.builder = builder;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<ModelOption> options() {
        return options;
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public int batch() {
        return batch;
    }

    @Override
    public ModelConfig build(int in, int out, OptionValues values) {
        return builder.build(in, out, values.completedWith(options));
    }

    @Override
    public String toString() {
        return "model " + name;
    }
}
