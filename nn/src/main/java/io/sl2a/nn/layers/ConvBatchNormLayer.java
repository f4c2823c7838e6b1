package io.sl2a.nn.layers;

import io.sl2a.nn.graph.Emission;
import io.sl2a.nn.graph.GradientTarget;
import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.Layer;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.program.Extent;
import io.sl2a.program.Op;
import java.util.List;

/**
 * A bias-free 2-D convolution (nn.Conv2d, weight [out, in, k, k]) followed by batch normalisation
 * in training mode (nn.BatchNorm2d: per-channel statistics of the one image, affine weight and
 * bias, running statistics updated in train_step with momentum 0.1), optionally plus a residual
 * input and a ReLU: ResNet's conv-bn(-relu) unit over one CHW image, a fixed-size layer.
 *
 * <p>The convolution is an im2col product, {@code W [out, in k k] . cols [in k k, outH outW]}; its
 * backward is the weight's product with cols and the input's through {@code W^T} and col2im.
 */
public final class ConvBatchNormLayer implements Layer {
    /** PyTorch's BatchNorm2d defaults. */
    public static final float EPS = 1e-5f;
    public static final float MOMENTUM = 0.1f;

    private final Parameter weight;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private final int in;
    private final int out;
    private final int height;
    private final int width;
    private final int kernel;
    private final int stride;
    private final int pad;
    private final boolean residual;
    private final boolean relu;

    /**
     * {@code conv} and {@code norm} are the state_dict prefixes of the convolution and the batch
     * norm; the weight starts as torchvision's ResNet: Kaiming normal, fan_out, ReLU gain.
     */
    public ConvBatchNormLayer(String conv, String norm, int in, int out, int height, int width, int kernel, int stride,
            int pad, boolean residual, boolean relu) {
        if (outSize(height, kernel, stride, pad) < 1 || outSize(width, kernel, stride, pad) < 1) {
            throw new IllegalArgumentException("a " + kernel + "x" + kernel + " convolution does not fit a " + height + "x"
                    + width + " image");
        }
        this.in = in;
        this.out = out;
        this.height = height;
        this.width = width;
        this.kernel = kernel;
        this.stride = stride;
        this.pad = pad;
        this.residual = residual;
        this.relu = relu;
        this.weight = Parameter.of(conv + ".weight", new Initializer.Normal(Math.sqrt(2.0 / (out * kernel * kernel))), out,
                in, kernel, kernel);
        this.gamma = Parameter.of(norm + ".weight", new Initializer.Constant(1f), out);
        this.beta = Parameter.of(norm + ".bias", new Initializer.Constant(0f), out);
        this.runningMean = Parameter.state(norm + ".running_mean", new Initializer.Constant(0f), out);
        this.runningVar = Parameter.state(norm + ".running_var", new Initializer.Constant(1f), out);
    }

    /** Output side of a convolution or pooling window: {@code (size + 2 pad - kernel) / stride + 1}. */
    public static int outSize(int size, int kernel, int stride, int pad) {
        return Math.floorDiv(size + 2 * pad - kernel, stride) + 1;
    }

    public int outHeight() {
        return outSize(height, kernel, stride, pad);
    }

    public int outWidth() {
        return outSize(width, kernel, stride, pad);
    }

    private int plane() {
        return outHeight() * outWidth();
    }

    private int patch() {
        return in * kernel * kernel;
    }

    @Override
    public boolean fixedSize() {
        return true;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, gamma, beta, runningMean, runningVar);
    }

    @Override
    public List<Integer> inputWidths() {
        return residual ? List.of(in * height * width, out * plane()) : List.of(in * height * width);
    }

    @Override
    public int outputWidth() {
        return out * plane();
    }

    @Override
    public void emitForward(Emission e) {
        String cols = e.fixedState("cols", patch() * plane());
        String conv = e.fixedState("conv", out * plane());
        String mean = e.fixedState("mean", out);
        String rstd = e.fixedState("rstd", out);
        e.add(new Op.Im2col(e.input(0), cols, in, height, width, kernel, stride, pad));
        e.add(new Op.MatMul(weight.name(), false, cols, false, conv, Extent.of(out), Extent.of(plane()), Extent.of(patch()),
                false));
        e.add(new Op.BatchNormForward(conv, gamma.name(), beta.name(), residual ? e.input(1) : null, e.output(), mean, rstd,
                out, plane(), EPS, relu));
        if (e.training()) {
            e.add(new Op.BatchNormRunningStats(mean, rstd, runningMean.name(), runningVar.name(), out, plane(), EPS, MOMENTUM));
        }
    }

    @Override
    public void emitBackward(Emission e) {
        String cols = e.fixedState("cols", patch() * plane());
        String conv = e.fixedState("conv", out * plane());
        String dConv = e.backwardFixedScratch("conv", out * plane());
        GradientTarget residualTarget = residual ? e.inputGradient(1) : null;
        e.add(new Op.BatchNormBackward(e.outputGradient(), e.output(), conv, gamma.name(), e.fixedState("mean", out),
                e.fixedState("rstd", out), dConv, e.gradient(gamma), e.gradient(beta),
                residualTarget == null ? null : residualTarget.name(), out, plane(), relu,
                residualTarget != null && residualTarget.accumulate()));
        e.add(new Op.MatMul(dConv, false, cols, true, e.gradient(weight), Extent.of(out), Extent.of(patch()),
                Extent.of(plane()), false));
        GradientTarget inputTarget = e.inputGradient(0);
        if (inputTarget != null) {
            String dCols = e.backwardFixedScratch("cols", patch() * plane());
            e.add(new Op.MatMul(weight.name(), true, dConv, false, dCols, Extent.of(patch()), Extent.of(plane()),
                    Extent.of(out), false));
            e.add(new Op.Col2im(dCols, inputTarget.name(), in, height, width, kernel, stride, pad, inputTarget.accumulate()));
        }
    }
}
