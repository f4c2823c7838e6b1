package io.sl2a.nn.graph;



/**
 * A tensor of a layer that lives with its parameters: its state_dict name and shape, and how it is
 * initialised. Most are trained; a few are state the layer updates itself during training steps
 * (BatchNorm's running statistics): those are saved and loaded with the others but have no
 * gradient and no Adam moments.
 */
public record Parameter(ParameterShape shape, Initializer init, boolean trainable) {
    public static Parameter of(String name, Initializer init, int... dims) {
        return new Parameter(new ParameterShape(name, dims), init, true);
    }

    /** A tensor the layer's own operations update (never Adam), saved with the parameters. */
    public static Parameter state(String name, Initializer init, int... dims) {
        return new Parameter(new ParameterShape(name, dims), init, false);
    }

    public String name() {
        return shape.name();
    }

    public int size() {
        return shape.size();
    }
}
