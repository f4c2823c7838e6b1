package io.sl2a.nn.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Names and shapes of the parameters, exactly as the state_dict of the reference PyTorch module
 * ({@code SL2A} in the authors' code): {@code net.0} is the LA block (Chebyshev layer and
 * LayerNorm), {@code net.1..L} the hidden layers, {@code net.(L+1)} the output layer.
 */
public final class Sl2aLayout {
    public static final String COEFFICIENTS = "net.0.cheby.cheby_coeffs";
    public static final String ARANGE = "net.0.cheby.arange";
    public static final String NORM_WEIGHT = "net.0.norm.weight";
    public static final String NORM_BIAS = "net.0.norm.bias";

    private Sl2aLayout() {
    }

    public static String weightLeft(int layer) {
        return "net." + layer + ".weight_left";
    }

    public static String weightRight(int layer) {
        return "net." + layer + ".weight_right";
    }

    /** Bias of a hidden layer (low-rank or dense). */
    public static String hiddenBias(int layer, boolean fullRank) {
        return fullRank ? "net." + layer + ".linear.bias" : "net." + layer + ".bias";
    }

    public static String denseWeight(int layer) {
        return "net." + layer + ".linear.weight";
    }

    public static String outputWeight(Sl2aConfig config) {
        return "net." + (config.hiddenLayers() + 1) + ".weight";
    }

    public static String outputBias(Sl2aConfig config) {
        return "net." + (config.hiddenLayers() + 1) + ".bias";
    }

    /** Trainable parameters in state_dict order. */
    public static List<ParameterShape> parameters(Sl2aConfig c) {
        List<ParameterShape> list = new ArrayList<>();
        list.add(new ParameterShape(COEFFICIENTS, new int[] {c.inFeatures(), c.width(), c.degree() + 1}));
        list.add(new ParameterShape(NORM_WEIGHT, new int[] {c.width()}));
        list.add(new ParameterShape(NORM_BIAS, new int[] {c.width()}));
        for (int layer = 1; layer <= c.hiddenLayers(); layer++) {
            if (c.fullRank()) {
                list.add(new ParameterShape(denseWeight(layer), new int[] {c.width(), c.width()}));
            } else {
                list.add(new ParameterShape(weightLeft(layer), new int[] {c.width(), c.rank()}));
                list.add(new ParameterShape(weightRight(layer), new int[] {c.rank(), c.width()}));
            }
            list.add(new ParameterShape(hiddenBias(layer, c.fullRank()), new int[] {c.width()}));
        }
        list.add(new ParameterShape(outputWeight(c), new int[] {c.outFeatures(), c.width()}));
        list.add(new ParameterShape(outputBias(c), new int[] {c.outFeatures()}));
        return list;
    }
}
