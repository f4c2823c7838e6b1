package io.sl2a.nn.layers;

/** The nonlinearity a linear layer applies after its bias. */
public enum Activation {
    NONE, RELU;

    boolean isRelu() {
        return this == RELU;
    }
}
