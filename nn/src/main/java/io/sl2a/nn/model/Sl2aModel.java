package io.sl2a.nn.model;

import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.Activation;
import io.sl2a.nn.layers.ChebyshevLayer;
import io.sl2a.nn.layers.HadamardProduct;
import io.sl2a.nn.layers.LayerNormLayer;
import io.sl2a.nn.layers.LinearLayer;
import io.sl2a.nn.layers.LowRankLayer;

/**
 * SL2A as a layer graph, with the authors' state_dict names ({@link Sl2aLayout}):
 * <pre>
 * a   = Chebyshev(coords)                 net.0.cheby
 * x   = LayerNorm(a)                      net.0.norm
 * y_0 = x;  z_l = x * y_(l-1)             (y_(l-1) alone without modulation)
 * y_l = act(LowRank(z_l)) or act(Dense)   net.l, l = 1..L
 * out = Linear(x * y_L)                   net.(L+1)
 * </pre>
 * x fans out to every modulation; the compiler sums its gradient over them.
 */
public final class Sl2aModel {
    private Sl2aModel() {
    }

    public static LayerGraph graph(Sl2aConfig c) {
        LayerGraph.Builder g = LayerGraph.builder(c.inFeatures());
        int w = c.width();
        String a = g.apply("cheby", new ChebyshevLayer(Sl2aLayout.COEFFICIENTS, c.inFeatures(), w, c.degree()), g.input());
        String x = g.apply("x", new LayerNormLayer(Sl2aLayout.NORM_WEIGHT, Sl2aLayout.NORM_BIAS, w), a);
        Activation activation = c.relu() ? Activation.RELU : Activation.NONE;
        String y = x;
        for (int layer = 1; layer <= c.hiddenLayers(); layer++) {
            String z = c.modulation() ? g.apply("z" + layer, new HadamardProduct(w), x, y) : y;
            String bias = Sl2aLayout.hiddenBias(layer, c.fullRank());
            y = g.apply("y" + layer, c.fullRank()
                    ? new LinearLayer(Sl2aLayout.denseWeight(layer), bias, w, w, activation)
                    : new LowRankLayer(Sl2aLayout.weightLeft(layer), Sl2aLayout.weightRight(layer), bias, w, c.rank(), activation),
                    z);
        }
        int output = c.hiddenLayers() + 1;
        String z = c.modulation() ? g.apply("z" + output, new HadamardProduct(w), x, y) : y;
        g.apply("out", new LinearLayer(Sl2aLayout.outputWeight(c), Sl2aLayout.outputBias(c), w, c.outFeatures(),
                Activation.NONE), z);
        return g.build();
    }
}
