package io.sl2a.nn.models;

/** Options several models declare alike (each model may give its own default or help line). */
public final class SharedOptions {
    public static final ModelOption WIDTH = ModelOption.integer("width", 256, ">= 1", "hidden width");
    public static final ModelOption LAYERS = ModelOption.integer("layers", 3, ">= 0",
            "hidden layers").storedAs("hidden_layers");
    public static final ModelOption OMEGA0 = ModelOption.number("omega0", 30, "> 0", "omega of the first layer")
            .storedAs("first_omega");
    public static final ModelOption HIDDEN_OMEGA0 = ModelOption.number("hidden-omega0", 30, "> 0",
            "omega of the later layers")
            .storedAs("hidden_omega");

    private SharedOptions() {
    }
}
