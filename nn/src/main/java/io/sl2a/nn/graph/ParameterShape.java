package io.sl2a.nn.graph;

import java.util.Arrays;

/** A named tensor of the model, with the name and shape of the reference PyTorch state_dict. */
public record ParameterShape(String name, int[] shape) {
    public ParameterShape {
        shape = shape.clone();
    }

    public int size() {
        int size = 1;
        for (int dimension : shape) {
            size *= dimension;
        }
        return size;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ParameterShape p && p.name.equals(name) && Arrays.equals(p.shape, shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
