package io.sl2a.nn.layers;

import io.sl2a.kernels.SplineKernels;
import io.sl2a.nn.graph.ConstantBuffer;
import io.sl2a.nn.graph.Emission;
import io.sl2a.nn.graph.GradientTarget;
import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.Layer;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.program.Extent;
import io.sl2a.program.Op;
import java.util.List;

/**
 * efficient-kan's {@code KANLinear}: {@code y = SiLU(x) W_b^T + B(x) (W_s * s)^T}, B(x) the cubic
 * B-spline bases of every input on a uniform grid of G intervals on [lo, hi] (extended by 3 knots
 * each side; fixed, never updated), W_b [out, in] (base_weight), W_s [out, in, G + 3]
 * (spline_weight) scaled per (out, in) by s [out, in] (spline_scaler). Initialisation as the
 * reference's: W_b and s Kaiming-uniform (a = sqrt 5: U(+-1/sqrt(in))), W_s the least-squares fit of
 * small noise at the grid points.
 */
public final class KanLinearLayer implements Layer {
    private final Parameter baseWeight;
    private final Parameter splineWeight;
    private final Parameter splineScaler;
    private final int in;
    private final int out;
    private final int gridSize;
    private final float lo;
    private final float hi;

    private final String prefix;

    public KanLinearLayer(String prefix, int in, int out, int gridSize, float lo, float hi, double scaleNoise) {
        this.prefix = prefix;
        this.in = in;
        this.out = out;
        this.gridSize = gridSize;
        this.lo = lo;
        this.hi = hi;
        Initializer kaiming = new Initializer.Uniform(1.0 / Math.sqrt(in));
        int count = SplineKernels.bases(gridSize);
        this.baseWeight = Parameter.of(prefix + "base_weight", kaiming, out, in);
        this.splineWeight = Parameter.of(prefix + "spline_weight",
                new Initializer.SplineNoiseFit(in, out, basesAtGridPoints(gridSize, lo, hi), scaleNoise), out, in,
                        count);
        this.splineScaler = Parameter.of(prefix + "spline_scaler", kaiming, out, in);
    }

    /** The bases at the grid's G + 1 points (what the reference fits its initial noise with). */
    static double[][] basesAtGridPoints(int gridSize, float lo, float hi) {
        int count = SplineKernels.bases(gridSize);
        double[][] bases = new double[gridSize + 1][count];
        float h = (hi - lo) / gridSize;
        for (int m = 0; m <= gridSize; m++) {
            float[] row = new float[count];
            SplineKernels.basisRow(0, new float[] {lo + m * h}, 1, gridSize, lo, hi, row);
            for (int c = 0; c < count; c++) {
                bases[m][c] = row[c];
            }
        }
        return bases;
    }

    /** The reference's grid buffer [in, G + 7]: the knots lo + (j - 3) h for every input. */
    public static float[] grid(int in, int gridSize, float lo, float hi) {
        int knots = gridSize + 2 * SplineKernels.ORDER + 1;
        float h = (hi - lo) / gridSize;
        float[] grid = new float[in * knots];
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < knots; j++) {
                grid[i * knots + j] = (j - SplineKernels.ORDER) * h + lo;
            }
        }
        return grid;
    }

    /** The reference's grid buffer {@code PREFIX.grid} [in, G + 7], never updated. */
    @Override
    public List<ConstantBuffer> buffers() {
        return List.of(ConstantBuffer.floats(prefix + "grid", grid(in, gridSize, lo, hi), in,
                gridSize + 2L * SplineKernels.ORDER + 1));
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(baseWeight, splineWeight, splineScaler);
    }

    @Override
    public List<Integer> inputWidths() {
        return List.of(in);
    }

    @Override
    public int outputWidth() {
        return out;
    }

    private int basisWidth() {
        return in * SplineKernels.bases(gridSize);
    }

    @Override
    public void emitForward(Emission e) {
        String silu = e.state("silu", in);
        String basis = e.state("basis", basisWidth());
        String scaled = e.fixedState("scaled_spline_weight", out * basisWidth());
        Extent rows = Extent.rows();
        e.add(new Op.Silu(e.input(0), silu, in));
        e.add(new Op.BSplineBasis(e.input(0), basis, in, gridSize, lo, hi));
        e.add(new Op.ScaleRows(splineWeight.name(), splineScaler.name(), scaled, out * in,
                SplineKernels.bases(gridSize)));
        e.add(new Op.MatMul(silu, false, baseWeight.name(), true, e.output(), rows, Extent.of(out), Extent.of(in),
                false));
        e.add(new Op.MatMul(basis, false, scaled, true, e.output(), rows, Extent.of(out), Extent.of(basisWidth()),
                true));
    }

    @Override
    public void emitBackward(Emission e) {
        String dOut = e.outputGradient();
        String silu = e.state("silu", in);
        String basis = e.state("basis", basisWidth());
        String scaled = e.fixedState("scaled_spline_weight", out * basisWidth());
        String dScaled = e.fixedState("scaled_spline_weight.grad", out * basisWidth());
        Extent rows = Extent.rows();
        e.add(new Op.MatMul(dOut, true, silu, false, e.gradient(baseWeight), Extent.of(out), Extent.of(in), rows,
                false));
        e.add(new Op.MatMul(dOut, true, basis, false, dScaled, Extent.of(out), Extent.of(basisWidth()), rows, false));
        e.add(new Op.ScaleRowsBackward(dScaled, splineWeight.name(), splineScaler.name(), e.gradient(splineWeight),
                e.gradient(splineScaler), out * in, SplineKernels.bases(gridSize)));
        GradientTarget target = e.inputGradient(0);
        if (target != null) {
            String dSilu = e.backwardScratch("kan.silu", in);
            String dBasis = e.backwardScratch("kan.basis", basisWidth());
            e.add(new Op.MatMul(dOut, false, baseWeight.name(), false, dSilu, rows, Extent.of(in), Extent.of(out),
                    false));
            e.add(new Op.MatMul(dOut, false, scaled, false, dBasis, rows, Extent.of(basisWidth()), Extent.of(out),
                    false));
            e.add(new Op.SiluBackward(e.input(0), dSilu, target.name(), in, target.accumulate()));
            e.add(new Op.BSplineInputGrad(e.input(0), dBasis, target.name(), in, gridSize, lo, hi, true));
        }
    }
}
