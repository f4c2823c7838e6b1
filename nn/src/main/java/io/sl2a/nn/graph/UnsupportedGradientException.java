package io.sl2a.nn.graph;

/** A graph asks a layer for a gradient its operations cannot produce (accumulated where they overwrite). */
public final class UnsupportedGradientException extends IllegalArgumentException {
    public UnsupportedGradientException(String message) {
        super(message);
    }
}
