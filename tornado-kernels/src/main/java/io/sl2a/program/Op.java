package io.sl2a.program;

import java.util.List;

/**
 * One kernel call of a program, over buffers named by the program. Each record states its
 * contract; the kernel bodies in {@code io.sl2a.kernels} are the reference implementation.
 * Buffers whose first dimension is the batch are row-major with {@code rows} rows.
 *
 * <p>The records are declared by family, each family an interface of this package that holds its
 * records ({@link ChebyshevOps}, {@link DenseOps}, {@link NormOps}, {@link WaveOps},
 * {@link ComplexOps}, {@link GridOps}, {@link ConvOps}, {@link RenderOps}, {@link LossOps},
 * {@link OptimiserOps}). Op extends every family so that their records are its members too:
 * code names them {@code Op.MatMul}, {@code Op.ChebyshevForward} and so on, never by their family.
 * The families are only holders: nothing but Op extends them. A new record goes into its family's
 * interface and into the list below.
 */
public sealed interface Op
        extends ChebyshevOps, DenseOps, NormOps, WaveOps, ComplexOps, GridOps, ConvOps, RenderOps, LossOps, OptimiserOps
        permits
        ChebyshevOps.ChebyshevForward,
        ChebyshevOps.ChebyshevCoeffGrad,
        ChebyshevOps.ChebyshevInputGrad,
        ChebyshevOps.ChebyshevAxisTable,
        ChebyshevOps.ChebyshevAxisCoeffGrad,
        DenseOps.MatMul,
        DenseOps.BiasActivation,
        DenseOps.BiasActivationModulate,
        DenseOps.BiasGrad,
        DenseOps.ReluBackward,
        DenseOps.ModulationBackward,
        DenseOps.DenseVector,
        DenseOps.DenseVectorBackward,
        NormOps.LayerNormForward,
        NormOps.LayerNormBackward,
        NormOps.BatchNormForward,
        NormOps.BatchNormBackward,
        NormOps.BatchNormRunningStats,
        WaveOps.BiasWave,
        WaveOps.WaveBackward,
        WaveOps.IncodeSine,
        WaveOps.IncodeSineBackward,
        WaveOps.GaborWindow,
        WaveOps.GaborWindowBackward,
        WaveOps.GaborWindowParamGrad,
        WaveOps.Silu,
        WaveOps.SiluBackward,
        WaveOps.Multiply,
        WaveOps.Copy,
        WaveOps.ColumnCopy,
        ComplexOps.ComplexBlock,
        ComplexOps.ComplexBlockGrad,
        ComplexOps.ComplexGabor,
        ComplexOps.ComplexGaborBackward,
        ComplexOps.RealPart,
        ComplexOps.RealPartBackward,
        GridOps.GatherSum,
        GridOps.ScatterSum,
        GridOps.PositionalEncoding,
        GridOps.BSplineBasis,
        GridOps.BSplineInputGrad,
        GridOps.ScaleRows,
        GridOps.ScaleRowsBackward,
        GridOps.HashGridEncode,
        GridOps.HashGridScatter,
        GridOps.GridTotalVariation,
        ConvOps.Im2col,
        ConvOps.Col2im,
        ConvOps.MaxPoolForward,
        ConvOps.MaxPoolBackward,
        ConvOps.ChannelMean,
        ConvOps.ChannelMeanBackward,
        RenderOps.VolumeRender,
        RenderOps.VolumeRenderBackward,
        RenderOps.SparseProduct,
        LossOps.MseLoss,
        LossOps.AccumulateSum,
        LossOps.CoefficientPenalty,
        OptimiserOps.AdamUpdate {

    /** Names of the buffers the operation reads. */
    List<String> reads();

    /** Names of the buffers the operation writes. */
    List<String> writes();
}
