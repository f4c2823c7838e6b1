package io.sl2a.backend;

import io.sl2a.program.Op;

/**
 * The families of operations, one interface a family with one binder an operation record. A
 * backend implements each family once (its class for the family's operations and the helpers they
 * alone need), and the family's {@code declare} puts its binders into the backend's
 * {@link OpBinders}: the records of a family are listed here only, and a backend that leaves one
 * out does not compile.
 *
 * @see OpBinders
 */
public final class OpFamilies {
    private OpFamilies() {
    }

    /**
     * The Chebyshev operations: the forward, the coefficient and input gradients, and the grid
     * path's axis tables and their coefficient gradient.
     */
    public interface Chebyshev<S> {
        S chebyshevForward(Op.ChebyshevForward o);

        S chebyshevCoeffGrad(Op.ChebyshevCoeffGrad o);

        S chebyshevInputGrad(Op.ChebyshevInputGrad o);

        S chebyshevAxisTable(Op.ChebyshevAxisTable o);

        S chebyshevAxisCoeffGrad(Op.ChebyshevAxisCoeffGrad o);

        /** Declares this family's binders. */
        default void declare(OpBinders<S> binders) {
            binders.on(Op.ChebyshevForward.class, this::chebyshevForward)
                    .on(Op.ChebyshevCoeffGrad.class, this::chebyshevCoeffGrad)
                    .on(Op.ChebyshevInputGrad.class, this::chebyshevInputGrad)
                    .on(Op.ChebyshevAxisTable.class, this::chebyshevAxisTable)
                    .on(Op.ChebyshevAxisCoeffGrad.class, this::chebyshevAxisCoeffGrad);
        }
    }

    /**
     * The dense layers' operations: matrix products, bias and activation (with the Hadamard
     * modulation), their backwards and the bias gradient, and the dense layer on one vector
     * (INCODE's harmonizer).
     */
    public interface Dense<S> {
        S matMul(Op.MatMul o);

        S biasActivation(Op.BiasActivation o);

        S biasActivationModulate(Op.BiasActivationModulate o);

        S biasGrad(Op.BiasGrad o);

        S reluBackward(Op.ReluBackward o);

        S modulationBackward(Op.ModulationBackward o);

        S denseVector(Op.DenseVector o);

        S denseVectorBackward(Op.DenseVectorBackward o);

        /** Declares this family's binders. */
        default void declare(OpBinders<S> binders) {
            binders.on(Op.MatMul.class, this::matMul)
                    .on(Op.BiasActivation.class, this::biasActivation)
                    .on(Op.BiasActivationModulate.class, this::biasActivationModulate)
                    .on(Op.BiasGrad.class, this::biasGrad)
                    .on(Op.ReluBackward.class, this::reluBackward)
                    .on(Op.ModulationBackward.class, this::modulationBackward)
                    .on(Op.DenseVector.class, this::denseVector)
                    .on(Op.DenseVectorBackward.class, this::denseVectorBackward);
        }
    }

    /**
     * The normalisations: LayerNorm over each row, BatchNorm over each channel of an image, and
     * BatchNorm's running statistics.
     */
    public interface Norm<S> {
        S layerNormForward(Op.LayerNormForward o);

        S layerNormBackward(Op.LayerNormBackward o);

        S batchNormForward(Op.BatchNormForward o);

        S batchNormBackward(Op.BatchNormBackward o);

        S batchNormRunningStats(Op.BatchNormRunningStats o);

        /** Declares this family's binders. */
        default void declare(OpBinders<S> binders) {
            binders.on(Op.LayerNormForward.class, this::layerNormForward)
                    .on(Op.LayerNormBackward.class, this::layerNormBackward)
                    .on(Op.BatchNormForward.class, this::batchNormForward)
                    .on(Op.BatchNormBackward.class, this::batchNormBackward)
                    .on(Op.BatchNormRunningStats.class, this::batchNormRunningStats);
        }
    }

    /**
     * The activations and elementwise operations: the baselines' waves after a bias, INCODE's
     * composer, GaborNet's window, the SiLU, the Hadamard product and the copies.
     */
    public interface Wave<S> {
        S biasWave(Op.BiasWave o);

        S waveBackward(Op.WaveBackward o);

        S incodeSine(Op.IncodeSine o);

        S incodeSineBackward(Op.IncodeSineBackward o);

        S gaborWindow(Op.GaborWindow o);

        S gaborWindowBackward(Op.GaborWindowBackward o);

        S gaborWindowParamGrad(Op.GaborWindowParamGrad o);

        S silu(Op.Silu o);

        S siluBackward(Op.SiluBackward o);

        S multiply(Op.Multiply o);

        S copy(Op.Copy o);

        S columnCopy(Op.ColumnCopy o);

        /** Declares this family's binders. */
        default void declare(OpBinders<S> binders) {
            binders.on(Op.BiasWave.class, this::biasWave)
                    .on(Op.WaveBackward.class, this::waveBackward)
                    .on(Op.IncodeSine.class, this::incodeSine)
                    .on(Op.IncodeSineBackward.class, this::incodeSineBackward)
                    .on(Op.GaborWindow.class, this::gaborWindow)
                    .on(Op.GaborWindowBackward.class, this::gaborWindowBackward)
                    .on(Op.GaborWindowParamGrad.class, this::gaborWindowParamGrad)
                    .on(Op.Silu.class, this::silu)
                    .on(Op.SiluBackward.class, this::siluBackward)
                    .on(Op.Multiply.class, this::multiply)
                    .on(Op.Copy.class, this::copy)
                    .on(Op.ColumnCopy.class, this::columnCopy);
        }
    }

    /**
     * WIRE's complex operations: the complex weight as a real block, the complex Gabor wavelet and
     * the real part.
     */
    public interface Complex<S> {
        S complexBlock(Op.ComplexBlock o);

        S complexBlockGrad(Op.ComplexBlockGrad o);

        S complexGabor(Op.ComplexGabor o);

        S complexGaborBackward(Op.ComplexGaborBackward o);

        S realPart(Op.RealPart o);

        S realPartBackward(Op.RealPartBackward o);

        /** Declares this family's binders. */
        default void declare(OpBinders<S> binders) {
            binders.on(Op.ComplexBlock.class, this::complexBlock)
                    .on(Op.ComplexBlockGrad.class, this::complexBlockGrad)
                    .on(Op.ComplexGabor.class, this::complexGabor)
                    .on(Op.ComplexGaborBackward.class, this::complexGaborBackward)
                    .on(Op.RealPart.class, this::realPart)
                    .on(Op.RealPartBackward.class, this::realPartBackward);
        }
    }

    /**
     * The grid path's gather and scatter over axis tables, the positional encoding, the
     * B-spline bases with the spline weights' row scaling, and the multiresolution grid encoding
     * with its scatter and total variation.
     */
    public interface Grid<S> {
        S gatherSum(Op.GatherSum o);

        S scatterSum(Op.ScatterSum o);

        S positionalEncoding(Op.PositionalEncoding o);

        S bSplineBasis(Op.BSplineBasis o);

        S bSplineInputGrad(Op.BSplineInputGrad o);

        S scaleRows(Op.ScaleRows o);

        S scaleRowsBackward(Op.ScaleRowsBackward o);

        S hashGridEncode(Op.HashGridEncode o);

        S hashGridScatter(Op.HashGridScatter o);

        S gridTotalVariation(Op.GridTotalVariation o);

        /** Declares this family's binders. */
        default void declare(OpBinders<S> binders) {
            binders.on(Op.GatherSum.class, this::gatherSum)
                    .on(Op.ScatterSum.class, this::scatterSum)
                    .on(Op.PositionalEncoding.class, this::positionalEncoding)
                    .on(Op.BSplineBasis.class, this::bSplineBasis)
                    .on(Op.BSplineInputGrad.class, this::bSplineInputGrad)
                    .on(Op.ScaleRows.class, this::scaleRows)
                    .on(Op.ScaleRowsBackward.class, this::scaleRowsBackward)
                    .on(Op.HashGridEncode.class, this::hashGridEncode)
                    .on(Op.HashGridScatter.class, this::hashGridScatter)
                    .on(Op.GridTotalVariation.class, this::gridTotalVariation);
        }
    }

    /**
     * The image operations: im2col and its adjoint, max pooling, and the channel means (INCODE's
     * harmonizer).
     */
    public interface Conv<S> {
        S im2col(Op.Im2col o);

        S col2im(Op.Col2im o);

        S maxPoolForward(Op.MaxPoolForward o);

        S maxPoolBackward(Op.MaxPoolBackward o);

        S channelMean(Op.ChannelMean o);

        S channelMeanBackward(Op.ChannelMeanBackward o);

        /** Declares this family's binders. */
        default void declare(OpBinders<S> binders) {
            binders.on(Op.Im2col.class, this::im2col)
                    .on(Op.Col2im.class, this::col2im)
                    .on(Op.MaxPoolForward.class, this::maxPoolForward)
                    .on(Op.MaxPoolBackward.class, this::maxPoolBackward)
                    .on(Op.ChannelMean.class, this::channelMean)
                    .on(Op.ChannelMeanBackward.class, this::channelMeanBackward);
        }
    }

    /**
     * NeRF's volume rendering along rays and the sparse (CSR) product of a measurement operator.
     */
    public interface Render<S> {
        S volumeRender(Op.VolumeRender o);

        S volumeRenderBackward(Op.VolumeRenderBackward o);

        S sparseProduct(Op.SparseProduct o);

        /** Declares this family's binders. */
        default void declare(OpBinders<S> binders) {
            binders.on(Op.VolumeRender.class, this::volumeRender)
                    .on(Op.VolumeRenderBackward.class, this::volumeRenderBackward)
                    .on(Op.SparseProduct.class, this::sparseProduct);
        }
    }

    /**
     * The loss and regularisation terms: the mean squared error, the running sum of a loss,
     * INCODE's coefficient penalty.
     */
    public interface Loss<S> {
        S mseLoss(Op.MseLoss o);

        S accumulateSum(Op.AccumulateSum o);

        S coefficientPenalty(Op.CoefficientPenalty o);

        /** Declares this family's binders. */
        default void declare(OpBinders<S> binders) {
            binders.on(Op.MseLoss.class, this::mseLoss)
                    .on(Op.AccumulateSum.class, this::accumulateSum)
                    .on(Op.CoefficientPenalty.class, this::coefficientPenalty);
        }
    }

    /**
     * The optimiser's update of a parameter buffer (Adam).
     */
    public interface Optimiser<S> {
        S adamUpdate(Op.AdamUpdate o);

        /** Declares this family's binders. */
        default void declare(OpBinders<S> binders) {
            binders.on(Op.AdamUpdate.class, this::adamUpdate);
        }
    }
}
