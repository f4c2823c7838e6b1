package io.sl2a.nn.model;

import java.util.Map;

/**
 * The reference initialisation, with PyTorch's fan rules (fan_in = size(1) * receptive field,
 * fan_out = size(0) * receptive field), as each layer of {@link Sl2aModel} declares it:
 * <ul>
 * <li>Chebyshev coefficients [in, out, D+1]: Xavier uniform, bound sqrt(6 / ((in + out)(D+1)));</li>
 * <li>LayerNorm: weight 1, bias 0;</li>
 * <li>low-rank factors: Kaiming uniform with a = sqrt(5), i.e. U(+-1/sqrt(size(1)));
 *     their bias U(+-1/sqrt(rank)) (fan_in of weight_left);</li>
 * <li>dense and output layers: nn.Linear's default, weight and bias U(+-1/sqrt(in)).</li>
 * </ul>
 * The random stream is Java's, so values differ from PyTorch's but follow the same distributions;
 * a seed makes a run reproducible.
 */
public final class Sl2aInitializer {
    private Sl2aInitializer() {
    }

    public static Map<String, float[]> initialize(Sl2aConfig c, long seed) {
        return Sl2aModel.graph(c).initialParameters(seed);
    }
}
