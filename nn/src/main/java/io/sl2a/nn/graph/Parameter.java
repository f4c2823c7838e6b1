package io.sl2a.nn.graph;

import io.sl2a.nn.model.ParameterShape;

/** A trainable tensor of a layer: its state_dict name and shape, and how it is initialised. */
public record Parameter(ParameterShape shape, Initializer init) {
    public static Parameter of(String name, Initializer init, int... dims) {
        return new Parameter(new ParameterShape(name, dims), init);
    }

    public String name() {
        return shape.name();
    }

    public int size() {
        return shape.size();
    }
}
