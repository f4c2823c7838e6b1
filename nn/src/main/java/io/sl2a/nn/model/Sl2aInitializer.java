package io.sl2a.nn.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The reference initialisation, with PyTorch's fan rules (fan_in = size(1) * receptive field,
 * fan_out = size(0) * receptive field):
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
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, float[]> values = new LinkedHashMap<>();
        for (ParameterShape p : Sl2aLayout.parameters(c)) {
            values.put(p.name(), new float[p.size()]);
        }
        int terms = c.degree() + 1;
        uniform(values.get(Sl2aLayout.COEFFICIENTS), Math.sqrt(6.0 / ((double) (c.inFeatures() + c.width()) * terms)), random);
        java.util.Arrays.fill(values.get(Sl2aLayout.NORM_WEIGHT), 1.0f);
        for (int layer = 1; layer <= c.hiddenLayers(); layer++) {
            if (c.fullRank()) {
                double bound = 1.0 / Math.sqrt(c.width());
                uniform(values.get(Sl2aLayout.denseWeight(layer)), bound, random);
                uniform(values.get(Sl2aLayout.hiddenBias(layer, true)), bound, random);
            } else {
                uniform(values.get(Sl2aLayout.weightLeft(layer)), 1.0 / Math.sqrt(c.rank()), random);
                uniform(values.get(Sl2aLayout.weightRight(layer)), 1.0 / Math.sqrt(c.width()), random);
                uniform(values.get(Sl2aLayout.hiddenBias(layer, false)), 1.0 / Math.sqrt(c.rank()), random);
            }
        }
        double outputBound = 1.0 / Math.sqrt(c.width());
        uniform(values.get(Sl2aLayout.outputWeight(c)), outputBound, random);
        uniform(values.get(Sl2aLayout.outputBias(c)), outputBound, random);
        return values;
    }

    private static void uniform(float[] target, double bound, SplittableRandom random) {
        for (int i = 0; i < target.length; i++) {
            target[i] = (float) ((random.nextDouble() * 2.0 - 1.0) * bound);
        }
    }
}
