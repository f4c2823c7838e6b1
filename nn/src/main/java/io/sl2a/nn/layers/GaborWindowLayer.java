package io.sl2a.nn.layers;

import io.sl2a.nn.graph.Emission;
import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.Layer;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.program.Extent;
import io.sl2a.program.Op;
import java.util.List;

/**
 * GaborNet's Gaussian window exp(-gamma_o |x - mu_o|^2 / 2) of the network input, one per output
 * ({@link io.sl2a.kernels.GaborWindowKernels}); mu [out, in] U(-1, 1) and gamma [out] from
 * Gamma(alpha, beta), both trained, as the reference's GaborLayer. It reads the network's
 * coordinates, whose gradient no task needs, so it computes no input gradient.
 */
public final class GaborWindowLayer implements Layer {
    private final Parameter mu;
    private final Parameter gamma;
    private final int in;
    private final int out;

    public GaborWindowLayer(String muName, String gammaName, int in, int out, double alpha, double beta) {
        this.in = in;
        this.out = out;
        this.mu = Parameter.of(muName, new Initializer.Uniform(1.0), out, in);
        this.gamma = Parameter.of(gammaName, new Initializer.GammaDistributed(alpha, beta), out);
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(mu, gamma);
    }

    @Override
    public List<Integer> inputWidths() {
        return List.of(in);
    }

    @Override
    public int outputWidth() {
        return out;
    }

    @Override
    public void emitForward(Emission e) {
        e.add(new Op.GaborWindow(e.input(0), mu.name(), gamma.name(), e.state("distance", out), e.output(), in, out));
    }

    @Override
    public void emitBackward(Emission e) {
        if (e.inputGradient(0) != null) {
            throw e.unsupported("the Gabor window has no input gradient: apply it to the network input");
        }
        String a = e.backwardScratch("gabor.a", out);
        String ad = e.backwardScratch("gabor.ad", out);
        e.add(new Op.GaborWindowBackward(e.outputGradient(), e.output(), e.state("distance", out), a, ad, out));
        String columnA = e.fixedState("gabor.column_a", out);
        String columnAd = e.fixedState("gabor.column_ad", out);
        String ax = e.fixedState("gabor.ax", out * in);
        e.add(new Op.BiasGrad(a, columnA, out));
        e.add(new Op.BiasGrad(ad, columnAd, out));
        e.add(new Op.MatMul(a, true, e.input(0), false, ax, Extent.of(out), Extent.of(in), Extent.rows(), false));
        e.add(new Op.GaborWindowParamGrad(mu.name(), gamma.name(), ax, columnA, columnAd, e.gradient(mu), e.gradient(gamma),
                in, out));
    }
}
