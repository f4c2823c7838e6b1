package io.sl2a.backend;

import static io.sl2a.kernels.TestSupport.assertClose;
import static io.sl2a.kernels.TestSupport.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sl2a.kernels.AdamKernels;
import io.sl2a.kernels.BatchNormKernels;
import io.sl2a.kernels.ChebyshevKernels;
import io.sl2a.kernels.ColumnKernels;
import io.sl2a.kernels.ComplexKernels;
import io.sl2a.kernels.ConvolutionKernels;
import io.sl2a.kernels.ElementwiseKernels;
import io.sl2a.kernels.GaborWindowKernels;
import io.sl2a.kernels.EncodingKernels;
import io.sl2a.kernels.GridKernels;
import io.sl2a.kernels.HarmonizerKernels;
import io.sl2a.kernels.HashGridKernels;
import io.sl2a.kernels.IncodeKernels;
import io.sl2a.kernels.LayerNormKernels;
import io.sl2a.kernels.LinearKernels;
import io.sl2a.kernels.WaveKernels;
import io.sl2a.kernels.LossKernels;
import io.sl2a.kernels.SparseKernels;
import io.sl2a.kernels.SplineKernels;
import io.sl2a.kernels.VolumeRenderKernels;
import io.sl2a.program.BufferRole;
import io.sl2a.program.BufferSpec;
import io.sl2a.program.Extent;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import io.sl2a.program.StepScalars;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Equality with the kernel bodies, for any {@link Backend}: every {@link Op} type, compiled alone
 * into a one-routine program, gives what the kernel bodies applied directly give. A backend's
 * conformance test extends this suite and supplies the backend(s) under test ({@link #targets}), the
 * large row count ({@link #chunked}), the tolerances, and the MatMul shapes where it runs fewer than
 * the default; it adds its own backend-specific cases.
 *
 * <p>Every buffer, outputs included, starts filled with random values and is compared in full after
 * the run, so the check also covers what must stay untouched: the rows past the runtime row count
 * (runs use fewer rows than the program's maxRows) and everything an operation does not write.
 * Row counts: {@link #SMALL} (29 of 37) and the backend's {@link #chunked} size.
 *
 * <p>Tolerances are relative to the largest magnitude of the buffer: {@link #tolerance} for
 * everything without a transcendental function, {@link #tanhTolerance} for the Chebyshev ops, which
 * go through the backend's tanh.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendConformanceSuite {
    protected static final String ROUTINE = "r";

    /** The axis length of the grid-path table ops is the row count, capped at this. */
    private static final int MAX_AXIS_LENGTH = 2100;

    /** Op types covered below; {@link #everyOpTypeIsCovered} fails when a new one is added to Op. */
    private static final Set<Class<?>> COVERED = Set.of(Op.ChebyshevForward.class, Op.ChebyshevCoeffGrad.class,
            Op.ChebyshevInputGrad.class, Op.LayerNormForward.class, Op.LayerNormBackward.class, Op.MatMul.class,
            Op.BiasActivation.class, Op.BiasGrad.class, Op.ReluBackward.class, Op.Multiply.class, Op.Copy.class,
            Op.ColumnCopy.class,
            Op.MseLoss.class, Op.AccumulateSum.class, Op.AdamUpdate.class, Op.ChebyshevAxisTable.class, Op.GatherSum.class,
            Op.ScatterSum.class, Op.ChebyshevAxisCoeffGrad.class, Op.BiasActivationModulate.class,
            Op.ModulationBackward.class, Op.BiasWave.class, Op.WaveBackward.class, Op.PositionalEncoding.class,
            Op.ComplexBlock.class, Op.ComplexBlockGrad.class, Op.ComplexGabor.class, Op.ComplexGaborBackward.class,
            Op.RealPart.class, Op.RealPartBackward.class, Op.GaborWindow.class, Op.GaborWindowBackward.class,
            Op.GaborWindowParamGrad.class, Op.BSplineBasis.class, Op.BSplineInputGrad.class, Op.Silu.class,
            Op.SiluBackward.class, Op.ScaleRows.class, Op.ScaleRowsBackward.class, Op.SparseProduct.class,
            Op.Im2col.class, Op.Col2im.class, Op.BatchNormForward.class, Op.BatchNormBackward.class,
            Op.BatchNormRunningStats.class, Op.MaxPoolForward.class, Op.MaxPoolBackward.class,
            Op.ChannelMean.class, Op.ChannelMeanBackward.class, Op.DenseVector.class, Op.DenseVectorBackward.class,
            Op.IncodeSine.class, Op.IncodeSineBackward.class, Op.CoefficientPenalty.class, Op.VolumeRender.class,
            Op.VolumeRenderBackward.class, Op.HashGridEncode.class, Op.HashGridScatter.class,
            Op.GridTotalVariation.class);

    /** The MatMul shapes (m, n, k) run with fixed extents unless a backend narrows them. */
    protected static final int[][] DEFAULT_FIXED_MATMUL_SHAPES = {{37, 19, 23}, {300, 70, 50}, {50, 300, 70}, {1, 1, 1},
        {5, 3, 300}};

    /** A program's maxRows and the row count it runs with. */
    public record Rows(int maxRows, int rows) {
        @Override
        public String toString() {
            return rows + " of " + maxRows + " rows";
        }
    }

    /** A backend under test, named in the case names; {@code backend} may skip (an assumption). */
    public record Target(String name, Supplier<? extends Backend> backend) {
        @Override
        public String toString() {
            return name;
        }
    }

    protected static final Rows SMALL = new Rows(37, 29);

    // ---------------------------------------------------------------------------------------------
    // What a backend's test supplies

    /** The backends under test, each run through every case. */
    protected abstract List<Target> targets();

    /** The large row count: crosses the backend's chunking. */
    protected abstract Rows chunked();

    /** Tolerance of the ops without a transcendental function. */
    protected abstract double tolerance();

    /** Tolerance of the Chebyshev ops (the backend's tanh). */
    protected abstract double tanhTolerance();

    /** The MatMul shapes with fixed extents. */
    protected int[][] fixedMatMulShapes() {
        return DEFAULT_FIXED_MATMUL_SHAPES;
    }

    /** The row counts of the MatMuls with an extent of rows. */
    protected List<Rows> rowMatMulSizes() {
        return List.of(SMALL, chunked());
    }

    // ---------------------------------------------------------------------------------------------
    // Case sources

    Stream<Arguments> targetsAndRows() {
        List<Arguments> cases = new ArrayList<>();
        for (Target target : targets()) {
            for (Rows rows : List.of(SMALL, chunked())) {
                cases.add(Arguments.of(target, rows));
            }
        }
        return cases.stream();
    }

    Stream<Arguments> targetsRowsAndDegrees() {
        return targetsAndRows().flatMap(a -> Stream.of(0, 1, 7).map(d -> Arguments.of(a.get()[0], a.get()[1], d)));
    }

    Stream<Arguments> targetsRowsAndFlag() {
        return targetsAndRows().flatMap(a -> Stream.of(false, true).map(f -> Arguments.of(a.get()[0], a.get()[1], f)));
    }

    // ---------------------------------------------------------------------------------------------
    // Harness

    /** A one-routine program over the given buffers, with every buffer filled with random values. */
    private static final class Case {
        final Program program;
        final Map<String, float[]> initial = new LinkedHashMap<>();

        Case(int maxRows, Op op, long seed, BufferSpec... specs) {
            Program.Builder builder = Program.builder(maxRows);
            for (BufferSpec spec : specs) {
                builder.buffer(spec);
            }
            program = builder.routine(ROUTINE, List.of(op)).build();
            Random random = new Random(seed);
            for (BufferSpec spec : specs) {
                initial.put(spec.name(), uniform(random, spec.length(maxRows), -1.0, 1.0));
            }
        }

        float[] get(String name) {
            return initial.get(name);
        }
    }

    private void runAndCompare(Target target, Case c, int rows, StepScalars scalars,
            Consumer<Map<String, float[]>> reference, String what) {
        runAndCompare(target, c, rows, scalars, reference, what, tolerance());
    }

    /**
     * Runs the case's routine on {@code rows} rows and compares every buffer with the initial values
     * transformed by {@code reference} (which applies the kernel bodies to copies).
     */
    private void runAndCompare(Target target, Case c, int rows, StepScalars scalars,
            Consumer<Map<String, float[]>> reference, String what, double tolerance) {
        if (collected != null) {
            Map<String, float[]> initial = new LinkedHashMap<>();
            c.initial.forEach((name, values) -> initial.put(name, values.clone()));
            collected.add(new OpCase(what, c.program, initial, rows, scalars));
        }
        Backend backend = target.backend().get();
        Map<String, float[]> expected = new LinkedHashMap<>();
        c.initial.forEach((name, values) -> expected.put(name, values.clone()));
        reference.accept(expected);
        try (CompiledProgram compiled = backend.compile(c.program)) {
            c.initial.forEach((name, values) -> compiled.write(name, values));
            compiled.run(ROUTINE, rows, scalars);
            for (Map.Entry<String, float[]> e : expected.entrySet()) {
                assertClose(e.getValue(), compiled.read(e.getKey()), tolerance,
                        what + " [" + target + ", " + rows + " rows] buffer " + e.getKey());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The cases as data (for the dataflow contract test, which checks each Op's reads() and writes())

    /**
     * A one-op case as this suite runs it: the one-routine program ({@link #ROUTINE}, one op), every
     * buffer's values before the run (realistic where the case prepares them: indices, saved statistics),
     * the row count and the step scalars.
     */
    public record OpCase(String what, Program program, Map<String, float[]> initial, int rows, StepScalars scalars) {
        public Op op() {
            return program.routines().get(ROUTINE).ops().getFirst();
        }

        @Override
        public String toString() {
            return what + ", " + rows + " rows";
        }
    }

    /** Where {@link #runAndCompare} records its cases while {@link #opCases} runs them; null otherwise. */
    private List<OpCase> collected;

    /**
     * Every one-op case of this suite (the parameterized tests that go through {@link #runAndCompare}),
     * on this suite's {@link #targets} and row counts; each is also run and compared as the test does.
     * The cases of several ops in one routine are not among them.
     */
    public final List<OpCase> opCases() throws ReflectiveOperationException {
        collected = new ArrayList<>();
        try {
            for (java.lang.reflect.Method test : BackendConformanceSuite.class.getDeclaredMethods()) {
                MethodSource source = test.getAnnotation(MethodSource.class);
                if (source == null || !test.isAnnotationPresent(ParameterizedTest.class)) {
                    continue;
                }
                for (String sourceName : source.value()) {
                    java.lang.reflect.Method arguments = BackendConformanceSuite.class.getDeclaredMethod(sourceName);
                    try (Stream<?> cases = (Stream<?>) arguments.invoke(this)) {
                        for (Object a : cases.toList()) {
                            test.invoke(this, ((Arguments) a).get());
                        }
                    }
                }
            }
            return List.copyOf(collected);
        } finally {
            collected = null;
        }
    }

    /** A per-row buffer the test reads back after the run: an output (the cpu backend's row chunks copy those out). */
    protected static BufferSpec perRow(String name, int width) {
        return BufferSpec.perRow(name, BufferRole.OUTPUT, width);
    }

    protected static BufferSpec fixed(String name, int size) {
        return BufferSpec.fixed(name, BufferRole.PARAMETER, size);
    }

    // ---------------------------------------------------------------------------------------------

    @Test
    void everyOpTypeIsCovered() {
        assertEquals(Set.of(Op.class.getPermittedSubclasses()), COVERED);
    }

    @ParameterizedTest(name = "{0}, {1}, degree {2}")
    @MethodSource("targetsRowsAndDegrees")
    void chebyshevForward(Target target, Rows size, int degree) {
        int in = 3;
        int outDim = 5;
        int terms = degree + 1;
        Op op = new Op.ChebyshevForward("coords", "coeff", "out", in, outDim, degree);
        Case c = new Case(size.maxRows(), op, 101 + degree, perRow("coords", in), fixed("coeff", in * outDim * terms),
                perRow("out", outDim));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int row = 0; row < rows; row++) {
                ChebyshevKernels.forwardRow(row, e.get("coords"), e.get("coeff"), in, outDim, degree, e.get("out"));
            }
        }, "ChebyshevForward degree " + degree, tanhTolerance());
    }

    @ParameterizedTest(name = "{0}, {1}, degree {2}")
    @MethodSource("targetsRowsAndDegrees")
    void chebyshevCoeffGrad(Target target, Rows size, int degree) {
        int in = 3;
        int outDim = 5;
        int terms = degree + 1;
        Op op = new Op.ChebyshevCoeffGrad("coords", "dOut", "dCoeff", in, outDim, degree);
        Case c = new Case(size.maxRows(), op, 201 + degree, perRow("coords", in), perRow("dOut", outDim),
                fixed("dCoeff", in * outDim * terms));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int pair = 0; pair < in * outDim; pair++) {
                ChebyshevKernels.coeffGradPair(pair, e.get("coords"), e.get("dOut"), rows, in, outDim, degree,
                        e.get("dCoeff"), 0);
            }
        }, "ChebyshevCoeffGrad degree " + degree, tanhTolerance());
    }

    @ParameterizedTest(name = "{0}, {1}, degree {2}")
    @MethodSource("targetsRowsAndDegrees")
    void chebyshevInputGrad(Target target, Rows size, int degree) {
        int in = 3;
        int outDim = 5;
        int terms = degree + 1;
        Op op = new Op.ChebyshevInputGrad("coords", "coeff", "dOut", "dCoords", in, outDim, degree);
        Case c = new Case(size.maxRows(), op, 301 + degree, perRow("coords", in), fixed("coeff", in * outDim * terms),
                perRow("dOut", outDim), perRow("dCoords", in));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int row = 0; row < rows; row++) {
                ChebyshevKernels.inputGradRow(row, e.get("coords"), e.get("coeff"), e.get("dOut"), in, outDim, degree,
                        e.get("dCoords"));
            }
        }, "ChebyshevInputGrad degree " + degree, tanhTolerance());
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void layerNormForward(Target target, Rows size) {
        int width = 13;
        float eps = 1e-5f;
        Op op = new Op.LayerNormForward("x", "gamma", "beta", "y", "mean", "rstd", width, eps);
        Case c = new Case(size.maxRows(), op, 401, perRow("x", width), fixed("gamma", width), fixed("beta", width),
                perRow("y", width), perRow("mean", 1), perRow("rstd", 1));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int row = 0; row < rows; row++) {
                LayerNormKernels.forwardRow(row, e.get("x"), e.get("gamma"), e.get("beta"), width, eps, e.get("y"),
                        e.get("mean"), e.get("rstd"));
            }
        }, "LayerNormForward");
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void layerNormBackward(Target target, Rows size) {
        int width = 13;
        Op op = new Op.LayerNormBackward("dY", "x", "gamma", "mean", "rstd", "dX", "dGamma", "dBeta", width);
        Case c = new Case(size.maxRows(), op, 501, perRow("dY", width), perRow("x", width), fixed("gamma", width),
                perRow("mean", 1), perRow("rstd", 1), perRow("dX", width), fixed("dGamma", width),
                fixed("dBeta", width));
        // Realistic saved statistics: those of the forward pass on x.
        float[] scratchY = new float[size.maxRows() * width];
        for (int row = 0; row < size.maxRows(); row++) {
            LayerNormKernels.forwardRow(row, c.get("x"), c.get("gamma"), new float[width], width, 1e-5f, scratchY,
                    c.get("mean"), c.get("rstd"));
        }
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            // One chunk of all rows: an independent summation order from the backend's chunks.
            float[] partialGamma = new float[width];
            float[] partialBeta = new float[width];
            LayerNormKernels.paramGradPartial(0, rows, rows, e.get("dY"), e.get("x"), e.get("mean"), e.get("rstd"),
                    width, partialGamma, partialBeta);
            for (int column = 0; column < width; column++) {
                LinearKernels.reducePartials(column, partialGamma, 1, width, e.get("dGamma"));
                LinearKernels.reducePartials(column, partialBeta, 1, width, e.get("dBeta"));
            }
            for (int row = 0; row < rows; row++) {
                LayerNormKernels.backwardRow(row, e.get("dY"), e.get("x"), e.get("gamma"), e.get("mean"),
                        e.get("rstd"), width, e.get("dX"));
            }
        }, "LayerNormBackward");
    }

    // ---------------------------------------------------------------------------------------------
    // MatMul

    Stream<Arguments> fixedMatMuls() {
        List<Arguments> cases = new ArrayList<>();
        for (Target target : targets()) {
            for (int[] shape : fixedMatMulShapes()) {
                for (int flags = 0; flags < 8; flags++) {
                    cases.add(Arguments.of(target, shape[0], shape[1], shape[2], (flags & 1) != 0, (flags & 2) != 0,
                            (flags & 4) != 0));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}x{2}x{3} tA={4} tB={5} accumulate={6}")
    @MethodSource("fixedMatMuls")
    void matMulFixedExtents(Target target, int m, int n, int k, boolean transposeA, boolean transposeB,
            boolean accumulate) {
        matMul(target, SMALL, Extent.of(m), Extent.of(n), Extent.of(k), transposeA, transposeB, accumulate);
    }

    Stream<Arguments> rowMatMuls() {
        List<Arguments> cases = new ArrayList<>();
        for (Target target : targets()) {
            for (Rows rows : rowMatMulSizes()) {
                for (String which : new String[] {"m", "n", "k"}) {
                    for (int flags = 0; flags < 8; flags++) {
                        cases.add(Arguments.of(target, rows, which, (flags & 1) != 0, (flags & 2) != 0,
                                (flags & 4) != 0));
                    }
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, {1}, {2} = rows, tA={3} tB={4} accumulate={5}")
    @MethodSource("rowMatMuls")
    void matMulWithRowExtent(Target target, Rows size, String which, boolean transposeA, boolean transposeB,
            boolean accumulate) {
        // The other two extents are fixed and not multiples of 16 (nor of a tile). On the cpu backend,
        // with 2100 rows every one of these products has over 2^20 multiply-adds and an extent of at
        // least 32, so PartitionedSgemm splits it: by rows for m = rows and k = rows, by columns for n.
        Extent m = which.equals("m") ? Extent.rows() : Extent.of(37);
        Extent n = which.equals("n") ? Extent.rows() : Extent.of(29);
        Extent k = which.equals("k") ? Extent.rows() : Extent.of(21);
        matMul(target, size, m, n, k, transposeA, transposeB, accumulate);
    }

    private void matMul(Target target, Rows size, Extent mExtent, Extent nExtent, Extent kExtent, boolean transposeA,
            boolean transposeB, boolean accumulate) {
        int maxRows = size.maxRows();
        int maxM = mExtent.max(maxRows);
        int maxN = nExtent.max(maxRows);
        int maxK = kExtent.max(maxRows);
        Op op = new Op.MatMul("a", transposeA, "b", transposeB, "c", mExtent, nExtent, kExtent, accumulate);
        Case c = new Case(maxRows, op, 601 + (transposeA ? 1 : 0) + (transposeB ? 2 : 0) + (accumulate ? 4 : 0),
                fixed("a", maxM * maxK), fixed("b", maxK * maxN), fixed("c", maxM * maxN));
        int rows = size.rows();
        int m = mExtent.resolve(rows);
        int n = nExtent.resolve(rows);
        int k = kExtent.resolve(rows);
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            // Dense row-major operands: A is m x k (k x m when transposed), B is k x n (n x k).
            int aRowStride = transposeA ? 1 : k;
            int aColStride = transposeA ? m : 1;
            int bRowStride = transposeB ? 1 : n;
            int bColStride = transposeB ? k : 1;
            for (int row = 0; row < m; row++) {
                LinearKernels.gemmRow(row, n, k, 1.0f, e.get("a"), 0, aRowStride, aColStride, e.get("b"), 0,
                        bRowStride, bColStride, accumulate ? 1.0f : 0.0f, e.get("c"), 0, n);
            }
        }, "MatMul " + mExtent + "x" + nExtent + "x" + kExtent + " tA=" + transposeA + " tB=" + transposeB
                + " accumulate=" + accumulate);
    }

    // ---------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}, {1}, relu={2}")
    @MethodSource("targetsRowsAndFlag")
    void biasActivation(Target target, Rows size, boolean relu) {
        int width = 21;
        Op op = new Op.BiasActivation("y", "bias", width, relu);
        Case c = new Case(size.maxRows(), op, 701, perRow("y", width), fixed("bias", width));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int row = 0; row < rows; row++) {
                LinearKernels.biasActivationRow(row, e.get("bias"), width, relu ? 1 : 0, e.get("y"));
            }
        }, "BiasActivation relu=" + relu);
    }

    @ParameterizedTest(name = "{0}, {1}, accumulate={2}")
    @MethodSource("targetsRowsAndFlag")
    void biasGrad(Target target, Rows size, boolean accumulate) {
        int width = 21;
        Op op = new Op.BiasGrad("dY", "dBias", width, accumulate);
        Case c = new Case(size.maxRows(), op, 801, perRow("dY", width), fixed("dBias", width));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            float[] partial = new float[width];
            LinearKernels.columnSumPartial(0, rows, rows, e.get("dY"), width, partial);
            for (int column = 0; column < width; column++) {
                if (accumulate) {
                    LinearKernels.accumulatePartials(column, partial, 1, width, e.get("dBias"));
                } else {
                    LinearKernels.reducePartials(column, partial, 1, width, e.get("dBias"));
                }
            }
        }, "BiasGrad accumulate=" + accumulate);
    }

    @ParameterizedTest(name = "{0}, {1}, in place={2}")
    @MethodSource("targetsRowsAndFlag")
    void reluBackward(Target target, Rows size, boolean inPlace) {
        int width = 21;
        String dX = inPlace ? "dY" : "dX";
        Op op = new Op.ReluBackward("y", "dY", dX, width);
        Case c = inPlace
                ? new Case(size.maxRows(), op, 901, perRow("y", width), perRow("dY", width))
                : new Case(size.maxRows(), op, 901, perRow("y", width), perRow("dY", width), perRow("dX", width));
        float[] y = c.get("y");
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(y[i], 0.0f); // a ReLU output: about half exact zeros
        }
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int i = 0; i < rows * width; i++) {
                ElementwiseKernels.reluBackward(i, e.get("y"), e.get("dY"), e.get(dX));
            }
        }, "ReluBackward in place=" + inPlace);
    }

    @ParameterizedTest(name = "{0}, {1}, accumulate={2}")
    @MethodSource("targetsRowsAndFlag")
    void multiply(Target target, Rows size, boolean accumulate) {
        int width = 21;
        Op op = new Op.Multiply("a", "b", "out", width, accumulate);
        Case c = new Case(size.maxRows(), op, 1001, perRow("a", width), perRow("b", width), perRow("out", width));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int i = 0; i < rows * width; i++) {
                ElementwiseKernels.multiply(i, e.get("a"), e.get("b"), accumulate ? 1 : 0, e.get("out"));
            }
        }, "Multiply accumulate=" + accumulate);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void positionalEncoding(Target target, Rows size) {
        int in = 3;
        int frequencies = 10;
        int width = EncodingKernels.width(in, frequencies);
        Op op = new Op.PositionalEncoding("coords", "out", in, frequencies);
        Case c = new Case(size.maxRows(), op, 2301, perRow("coords", in), perRow("out", width));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int row = 0; row < rows; row++) {
                EncodingKernels.positionalRow(row, e.get("coords"), in, frequencies, e.get("out"));
            }
        }, "PositionalEncoding", tanhTolerance());
    }

    Stream<Arguments> targetsRowsAndWaves() {
        return targetsAndRows().flatMap(a -> Stream.of(WaveKernels.SINE, WaveKernels.GAUSS, WaveKernels.FINER)
                .map(kind -> Arguments.of(a.get()[0], a.get()[1], kind)));
    }

    @ParameterizedTest(name = "{0}, {1}, kind {2}")
    @MethodSource("targetsRowsAndWaves")
    void biasWave(Target target, Rows size, int kind) {
        int width = 21;
        float scale = kind == WaveKernels.GAUSS ? 3.0f : 30.0f;
        Op op = new Op.BiasWave("pre", "bias", "y", width, kind, scale);
        Case c = new Case(size.maxRows(), op, 2101 + kind, perRow("pre", width), fixed("bias", width), perRow("y", width));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int row = 0; row < rows; row++) {
                WaveKernels.biasWaveRow(row, e.get("bias"), width, kind, scale, e.get("pre"), e.get("y"));
            }
        }, "BiasWave kind " + kind, tanhTolerance());
    }

    @ParameterizedTest(name = "{0}, {1}, kind {2}")
    @MethodSource("targetsRowsAndWaves")
    void waveBackward(Target target, Rows size, int kind) {
        int width = 21;
        float scale = kind == WaveKernels.GAUSS ? 3.0f : 30.0f;
        Op op = new Op.WaveBackward("pre", "dY", "dY", width, kind, scale);
        Case c = new Case(size.maxRows(), op, 2201 + kind, perRow("pre", width), perRow("dY", width));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int i = 0; i < rows * width; i++) {
                WaveKernels.waveBackward(i, e.get("pre"), e.get("dY"), kind, scale, e.get("dY"));
            }
        }, "WaveBackward in place, kind " + kind, tanhTolerance());
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void complexBlock(Target target, Rows size) {
        // Fixed size: the weight's shape follows the row count to vary it.
        int rows = 1 + size.rows() % 23;
        int cols = 7;
        Op op = new Op.ComplexBlock("weight", "block", rows, cols);
        Case c = new Case(size.maxRows(), op, 2301, fixed("weight", rows * cols * 2), fixed("block", 4 * rows * cols));
        runAndCompare(target, c, size.rows(), StepScalars.NONE, e -> {
            for (int pq = 0; pq < rows * cols; pq++) {
                ComplexKernels.blockFromWeight(pq, e.get("weight"), cols, e.get("block"));
            }
        }, "ComplexBlock");
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void complexBlockGrad(Target target, Rows size) {
        int rows = 1 + size.rows() % 23;
        int cols = 7;
        Op op = new Op.ComplexBlockGrad("dBlock", "dWeight", rows, cols);
        Case c = new Case(size.maxRows(), op, 2302, fixed("dBlock", 4 * rows * cols), fixed("dWeight", rows * cols * 2));
        runAndCompare(target, c, size.rows(), StepScalars.NONE, e -> {
            for (int pq = 0; pq < rows * cols; pq++) {
                ComplexKernels.weightGradFromBlock(pq, e.get("dBlock"), cols, e.get("dWeight"));
            }
        }, "ComplexBlockGrad");
    }

    @ParameterizedTest(name = "{0}, {1}, realInput={2}")
    @MethodSource("targetsRowsAndFlag")
    void complexGabor(Target target, Rows size, boolean realInput) {
        int width = 11;
        float omega = 3f;
        float sigma = 1.5f;
        Op op = new Op.ComplexGabor("pre", "y", width, realInput, omega, sigma);
        Case c = new Case(size.maxRows(), op, 2303, perRow("pre", realInput ? width : 2 * width), perRow("y", 2 * width));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int i = 0; i < rows * width; i++) {
                ComplexKernels.gabor(i, e.get("pre"), realInput ? 1 : 0, omega, sigma, e.get("y"));
            }
        }, "ComplexGabor realInput=" + realInput, tanhTolerance());
    }

    /** In place for complex inputs (as WIRE's hidden layers run it), into its own buffer for a real input. */
    @ParameterizedTest(name = "{0}, {1}, realInput={2}")
    @MethodSource("targetsRowsAndFlag")
    void complexGaborBackward(Target target, Rows size, boolean realInput) {
        int width = 11;
        float omega = 3f;
        float sigma = 1.5f;
        String dPre = realInput ? "dPre" : "dY";
        Op op = new Op.ComplexGaborBackward("pre", "y", "dY", dPre, width, realInput, omega, sigma);
        int preWidth = realInput ? width : 2 * width;
        Case c = realInput
                ? new Case(size.maxRows(), op, 2304, perRow("pre", preWidth), perRow("y", 2 * width), perRow("dY", 2 * width),
                        perRow("dPre", preWidth))
                : new Case(size.maxRows(), op, 2305, perRow("pre", preWidth), perRow("y", 2 * width), perRow("dY", 2 * width));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int i = 0; i < rows * width; i++) {
                ComplexKernels.gaborBackward(i, e.get("pre"), e.get("y"), e.get("dY"), realInput ? 1 : 0, omega, sigma,
                        e.get(dPre));
            }
        }, "ComplexGaborBackward realInput=" + realInput);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void gaborWindow(Target target, Rows size) {
        int in = 2;
        int out = 13;
        Op op = new Op.GaborWindow("x", "mu", "gamma", "distance", "window", in, out);
        Case c = new Case(size.maxRows(), op, 2401, perRow("x", in), fixed("mu", out * in), fixed("gamma", out),
                perRow("distance", out), perRow("window", out));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int row = 0; row < rows; row++) {
                GaborWindowKernels.windowRow(row, e.get("x"), e.get("mu"), e.get("gamma"), in, out, e.get("distance"),
                        e.get("window"));
            }
        }, "GaborWindow", tanhTolerance());
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void gaborWindowBackward(Target target, Rows size) {
        int width = 13;
        Op op = new Op.GaborWindowBackward("dWindow", "window", "distance", "a", "ad", width);
        Case c = new Case(size.maxRows(), op, 2402, perRow("dWindow", width), perRow("window", width),
                perRow("distance", width), perRow("a", width), perRow("ad", width));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int i = 0; i < rows * width; i++) {
                GaborWindowKernels.windowBackward(i, e.get("dWindow"), e.get("window"), e.get("distance"), e.get("a"),
                        e.get("ad"));
            }
        }, "GaborWindowBackward");
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void gaborWindowParamGrad(Target target, Rows size) {
        int in = 3;
        int out = 1 + size.rows() % 29;
        Op op = new Op.GaborWindowParamGrad("mu", "gamma", "ax", "columnA", "columnAd", "dMu", "dGamma", in, out);
        Case c = new Case(size.maxRows(), op, 2403, fixed("mu", out * in), fixed("gamma", out), fixed("ax", out * in),
                fixed("columnA", out), fixed("columnAd", out), fixed("dMu", out * in), fixed("dGamma", out));
        runAndCompare(target, c, size.rows(), StepScalars.NONE, e -> {
            for (int o = 0; o < out; o++) {
                GaborWindowKernels.parameterGrad(o, e.get("mu"), e.get("gamma"), e.get("ax"), e.get("columnA"),
                        e.get("columnAd"), in, e.get("dMu"), e.get("dGamma"));
            }
        }, "GaborWindowParamGrad");
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void bsplineBasis(Target target, Rows size) {
        int in = 3;
        int gridSize = 5;
        // Random inputs are in [-1, 1) (inside the grid); 0.6 stretches them past its ends too.
        Op op = new Op.BSplineBasis("x", "basis", in, gridSize, -0.6f, 0.6f);
        Case c = new Case(size.maxRows(), op, 2501, perRow("x", in), perRow("basis", in * SplineKernels.bases(gridSize)));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int row = 0; row < rows; row++) {
                SplineKernels.basisRow(row, e.get("x"), in, gridSize, -0.6f, 0.6f, e.get("basis"));
            }
        }, "BSplineBasis");
    }

    @ParameterizedTest(name = "{0}, {1}, accumulate={2}")
    @MethodSource("targetsRowsAndFlag")
    void bsplineInputGrad(Target target, Rows size, boolean accumulate) {
        int in = 3;
        int gridSize = 5;
        Op op = new Op.BSplineInputGrad("x", "dBasis", "dX", in, gridSize, -0.6f, 0.6f, accumulate);
        Case c = new Case(size.maxRows(), op, 2502, perRow("x", in), perRow("dBasis", in * SplineKernels.bases(gridSize)),
                perRow("dX", in));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int row = 0; row < rows; row++) {
                SplineKernels.basisInputGradRow(row, e.get("x"), e.get("dBasis"), in, gridSize, -0.6f, 0.6f,
                        accumulate ? 1 : 0, e.get("dX"));
            }
        }, "BSplineInputGrad accumulate=" + accumulate);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void silu(Target target, Rows size) {
        int width = 17;
        Op op = new Op.Silu("x", "y", width);
        Case c = new Case(size.maxRows(), op, 2503, perRow("x", width), perRow("y", width));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int i = 0; i < rows * width; i++) {
                SplineKernels.silu(i, e.get("x"), e.get("y"));
            }
        }, "Silu", tanhTolerance());
    }

    @ParameterizedTest(name = "{0}, {1}, accumulate={2}")
    @MethodSource("targetsRowsAndFlag")
    void siluBackward(Target target, Rows size, boolean accumulate) {
        int width = 17;
        Op op = new Op.SiluBackward("x", "dY", "dX", width, accumulate);
        Case c = new Case(size.maxRows(), op, 2504, perRow("x", width), perRow("dY", width), perRow("dX", width));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int i = 0; i < rows * width; i++) {
                SplineKernels.siluBackward(i, e.get("x"), e.get("dY"), accumulate ? 1 : 0, e.get("dX"));
            }
        }, "SiluBackward accumulate=" + accumulate, tanhTolerance());
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void scaleRows(Target target, Rows size) {
        int count = 1 + size.rows() % 37;
        int length = 8;
        Op op = new Op.ScaleRows("weight", "scaler", "scaled", count, length);
        Case c = new Case(size.maxRows(), op, 2505, fixed("weight", count * length), fixed("scaler", count),
                fixed("scaled", count * length));
        runAndCompare(target, c, size.rows(), StepScalars.NONE, e -> {
            for (int r = 0; r < count; r++) {
                SplineKernels.scaleRow(r, e.get("weight"), e.get("scaler"), length, e.get("scaled"));
            }
        }, "ScaleRows");
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void scaleRowsBackward(Target target, Rows size) {
        int count = 1 + size.rows() % 37;
        int length = 8;
        Op op = new Op.ScaleRowsBackward("dScaled", "weight", "scaler", "dWeight", "dScaler", count, length);
        Case c = new Case(size.maxRows(), op, 2506, fixed("dScaled", count * length), fixed("weight", count * length),
                fixed("scaler", count), fixed("dWeight", count * length), fixed("dScaler", count));
        runAndCompare(target, c, size.rows(), StepScalars.NONE, e -> {
            for (int r = 0; r < count; r++) {
                SplineKernels.scaleRowBackward(r, e.get("dScaled"), e.get("weight"), e.get("scaler"), length,
                        e.get("dWeight"), e.get("dScaler"));
            }
        }, "ScaleRowsBackward");
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void realPart(Target target, Rows size) {
        int width = 5;
        Op op = new Op.RealPart("z", "y", width);
        Case c = new Case(size.maxRows(), op, 2306, perRow("z", 2 * width), perRow("y", width));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int i = 0; i < rows * width; i++) {
                ComplexKernels.realPart(i, e.get("z"), e.get("y"));
            }
        }, "RealPart");
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void realPartBackward(Target target, Rows size) {
        int width = 5;
        Op op = new Op.RealPartBackward("dY", "dZ", width);
        Case c = new Case(size.maxRows(), op, 2307, perRow("dY", width), perRow("dZ", 2 * width));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int i = 0; i < rows * width; i++) {
                ComplexKernels.realPartBackward(i, e.get("dY"), e.get("dZ"));
            }
        }, "RealPartBackward");
    }

    @ParameterizedTest(name = "{0}, {1}, relu={2}")
    @MethodSource("targetsRowsAndFlag")
    void biasActivationModulate(Target target, Rows size, boolean relu) {
        int width = 21;
        Op op = new Op.BiasActivationModulate("y", "bias", "x", "z", width, relu);
        Case c = new Case(size.maxRows(), op, 1901, perRow("y", width), fixed("bias", width), perRow("x", width),
                perRow("z", width));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int row = 0; row < rows; row++) {
                LinearKernels.biasActivationModulateRow(row, e.get("bias"), e.get("x"), width, relu ? 1 : 0, e.get("y"),
                        e.get("z"));
            }
        }, "BiasActivationModulate relu=" + relu);
    }

    @ParameterizedTest(name = "{0}, {1}, accumulate={2}")
    @MethodSource("targetsRowsAndFlag")
    void modulationBackward(Target target, Rows size, boolean accumulate) {
        int width = 21;
        Op op = new Op.ModulationBackward("dZ", "x", "yPrevious", "dX", "dYPrevious", width, accumulate);
        Case c = new Case(size.maxRows(), op, 2001, perRow("dZ", width), perRow("x", width), perRow("yPrevious", width),
                perRow("dX", width), perRow("dYPrevious", width));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int i = 0; i < rows * width; i++) {
                ElementwiseKernels.modulationBackward(i, e.get("dZ"), e.get("x"), e.get("yPrevious"), accumulate ? 1 : 0,
                        e.get("dX"), e.get("dYPrevious"));
            }
        }, "ModulationBackward accumulate=" + accumulate);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void copy(Target target, Rows size) {
        int width = 21;
        Op op = new Op.Copy("source", "destination", width);
        Case c = new Case(size.maxRows(), op, 1101, perRow("source", width), perRow("destination", width));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int i = 0; i < rows * width; i++) {
                ElementwiseKernels.copy(i, e.get("source"), e.get("destination"));
            }
        }, "Copy");
    }

    /**
     * The column blocks of {@link Op.ColumnCopy} cases, {srcWidth, srcOffset, dstWidth, dstOffset, width}: the
     * slices of a network output (its first column, the rest), the two halves of a concatenation, and
     * a block inside both rows.
     */
    private static final Map<String, int[]> COLUMN_BLOCKS = Map.of("slice first column", new int[] {5, 0, 1, 0, 1},
            "slice the rest", new int[] {5, 1, 4, 0, 4}, "concat first", new int[] {3, 0, 7, 0, 3},
            "concat second", new int[] {4, 0, 7, 3, 4}, "inner block", new int[] {9, 2, 6, 1, 4});

    Stream<Arguments> targetsRowsFlagAndColumnBlocks() {
        return targetsRowsAndFlag().flatMap(a -> COLUMN_BLOCKS.keySet().stream().sorted()
                .map(block -> Arguments.of(a.get()[0], a.get()[1], a.get()[2], block)));
    }

    @ParameterizedTest(name = "{0}, {1}, accumulate={2}, {3}")
    @MethodSource("targetsRowsFlagAndColumnBlocks")
    void columnCopy(Target target, Rows size, boolean accumulate, String block) {
        int[] b = COLUMN_BLOCKS.get(block);
        int srcWidth = b[0], srcOffset = b[1], dstWidth = b[2], dstOffset = b[3], width = b[4];
        Op op = new Op.ColumnCopy("src", srcWidth, srcOffset, "dst", dstWidth, dstOffset, width, accumulate);
        Case c = new Case(size.maxRows(), op, 1111 + (accumulate ? 1 : 0), perRow("src", srcWidth),
                perRow("dst", dstWidth));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int i = 0; i < rows * width; i++) {
                ColumnKernels.columnCopy(i, e.get("src"), srcWidth, srcOffset, e.get("dst"), dstWidth, dstOffset, width,
                        accumulate ? 1 : 0);
            }
        }, "ColumnCopy " + block + " accumulate=" + accumulate, 0.0);
    }

    /**
     * A slice and a concatenation in one routine, then the backward of both (the same ops with
     * src and dst swapped, accumulating): {@code x[rows, 5]} into its first column {@code a} and the
     * rest {@code b}, {@code (a, b)} back into {@code z}, which equals x on the rows run; then
     * {@code dZ} into {@code dA}, {@code dB} and those added into {@code dX}. Each op reads what an
     * earlier one wrote, so the routine also checks the ordering between them.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void columnCopySliceConcatAndBackwardInOneRoutine(Target target, Rows size) {
        int maxRows = size.maxRows();
        Program program = Program.builder(maxRows)
                .buffer(perRow("x", 5)).buffer(perRow("a", 1)).buffer(perRow("b", 4)).buffer(perRow("z", 5))
                .buffer(perRow("dZ", 5)).buffer(perRow("dA", 1)).buffer(perRow("dB", 4)).buffer(perRow("dX", 5))
                .routine(ROUTINE, List.of(
                        new Op.ColumnCopy("x", 5, 0, "a", 1, 0, 1, false),
                        new Op.ColumnCopy("x", 5, 1, "b", 4, 0, 4, false),
                        new Op.ColumnCopy("a", 1, 0, "z", 5, 0, 1, false),
                        new Op.ColumnCopy("b", 4, 0, "z", 5, 1, 4, false),
                        new Op.ColumnCopy("dZ", 5, 0, "dA", 1, 0, 1, false),
                        new Op.ColumnCopy("dZ", 5, 1, "dB", 4, 0, 4, false),
                        new Op.ColumnCopy("dA", 1, 0, "dX", 5, 0, 1, true),
                        new Op.ColumnCopy("dB", 4, 0, "dX", 5, 1, 4, true)))
                .build();
        Random random = new Random(1121);
        Map<String, float[]> values = new LinkedHashMap<>();
        for (String name : program.buffers().keySet()) {
            values.put(name, uniform(random, program.buffer(name).length(maxRows), -1.0, 1.0));
        }
        int rows = size.rows();
        Map<String, float[]> expected = new LinkedHashMap<>();
        values.forEach((name, v) -> expected.put(name, v.clone()));
        for (Op op : program.routine(ROUTINE).ops()) {
            Op.ColumnCopy o = (Op.ColumnCopy) op;
            for (int i = 0; i < rows * o.width(); i++) {
                ColumnKernels.columnCopy(i, expected.get(o.src()), o.srcWidth(), o.srcOffset(), expected.get(o.dst()),
                        o.dstWidth(), o.dstOffset(), o.width(), o.accumulate() ? 1 : 0);
            }
        }
        float[] dXWanted = values.get("dX").clone();
        for (int i = 0; i < rows * 5; i++) {
            dXWanted[i] += values.get("dZ")[i];
        }
        String what = "ColumnCopy slice, concat and backward [" + target + ", " + rows + " rows]";
        assertClose(Arrays.copyOf(values.get("x"), rows * 5), Arrays.copyOf(expected.get("z"), rows * 5), 0.0,
                what + ": z is x");
        assertClose(dXWanted, expected.get("dX"), 0.0, what + ": dX gains dZ");
        try (CompiledProgram compiled = target.backend().get().compile(program)) {
            values.forEach(compiled::write);
            compiled.run(ROUTINE, rows, StepScalars.NONE);
            for (Map.Entry<String, float[]> e : expected.entrySet()) {
                assertClose(e.getValue(), compiled.read(e.getKey()), 0.0, what + " buffer " + e.getKey());
            }
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void mseLoss(Target target, Rows size) {
        int width = 5;
        Op op = new Op.MseLoss("pred", "target", "dPred", "rowSquaredError", width);
        Case c = new Case(size.maxRows(), op, 1201, perRow("pred", width), perRow("target", width),
                perRow("dPred", width), perRow("rowSquaredError", 1));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            float scale = 2.0f / ((float) rows * width); // the contract: 2 / (rows * width), runtime rows
            for (int row = 0; row < rows; row++) {
                LossKernels.mseRow(row, e.get("pred"), e.get("target"), width, scale, e.get("dPred"),
                        e.get("rowSquaredError"));
            }
        }, "MseLoss");
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void accumulateSum(Target target, Rows size) {
        Op op = new Op.AccumulateSum("values", "total");
        Case c = new Case(size.maxRows(), op, 1251, perRow("values", 1), fixed("total", 1));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> LossKernels.accumulateSum(0, e.get("values"), rows, e.get("total")),
                "AccumulateSum");
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void mseLossOverAFixedCount(Target target, Rows size) {
        // A measurement's loss: its row count is the operator's, whatever the batch's.
        int width = 3;
        int count = 41;
        Op op = new Op.MseLoss("pred", "target", "dPred", "rowSquaredError", Extent.of(count), width);
        Case c = new Case(size.maxRows(), op, 1211, fixed("pred", count * width), fixed("target", count * width),
                fixed("dPred", count * width), fixed("rowSquaredError", count));
        runAndCompare(target, c, size.rows(), StepScalars.NONE, e -> {
            float scale = 2.0f / ((float) count * width);
            for (int row = 0; row < count; row++) {
                LossKernels.mseRow(row, e.get("pred"), e.get("target"), width, scale, e.get("dPred"),
                        e.get("rowSquaredError"));
            }
        }, "MseLoss over a fixed count");
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void sparseProduct(Target target, Rows size) {
        // 53 output rows of 0 to 12 entries (some empty) over 37 input rows of 3 channels.
        int outRows = 53;
        int inRows = 37;
        int channels = 3;
        SplittableRandom random = new SplittableRandom(1802);
        float[] rowStart = new float[outRows + 1];
        for (int r = 0; r < outRows; r++) {
            rowStart[r + 1] = rowStart[r] + random.nextInt(13);
        }
        int entries = (int) rowStart[outRows];
        Op op = new Op.SparseProduct("rowStart", "columns", "values", "x", "y", outRows, channels);
        Case c = new Case(size.maxRows(), op, 1801, fixed("rowStart", outRows + 1), fixed("columns", entries),
                fixed("values", entries), fixed("x", inRows * channels), fixed("y", outRows * channels));
        System.arraycopy(rowStart, 0, c.get("rowStart"), 0, rowStart.length);
        float[] columns = c.get("columns");
        for (int e = 0; e < entries; e++) {
            columns[e] = random.nextInt(inRows);
        }
        runAndCompare(target, c, size.rows(), StepScalars.NONE, e -> {
            for (int row = 0; row < outRows; row++) {
                SparseKernels.productRow(row, e.get("rowStart"), e.get("columns"), e.get("values"), e.get("x"), channels,
                        e.get("y"));
            }
        }, "SparseProduct");
    }

    /** The adjoint test on the device: {@code <A x, y> = <x, A^T y>} with A^T's CSR built by counting. */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void sparseProductWithTheTransposeIsTheAdjoint(Target target, Rows size) {
        int outRows = 31;
        int inRows = 23;
        int channels = 2;
        SplittableRandom random = new SplittableRandom(1811);
        int[] start = new int[outRows + 1];
        List<int[]> entries = new ArrayList<>();
        for (int r = 0; r < outRows; r++) {
            int count = random.nextInt(9);
            for (int k = 0; k < count; k++) {
                entries.add(new int[] {r, random.nextInt(inRows)});
            }
            start[r + 1] = entries.size();
        }
        int n = entries.size();
        float[] values = uniform(new Random(1812), n, -1.0, 1.0);
        float[] rowStart = new float[outRows + 1];
        float[] columns = new float[n];
        float[] transposeStart = new float[inRows + 1];
        float[] transposeColumns = new float[n];
        float[] transposeValues = new float[n];
        for (int e = 0; e < n; e++) {
            columns[e] = entries.get(e)[1];
            transposeStart[entries.get(e)[1] + 1]++;
        }
        for (int r = 0; r <= outRows; r++) {
            rowStart[r] = start[r];
        }
        for (int c = 0; c < inRows; c++) {
            transposeStart[c + 1] += transposeStart[c];
        }
        int[] next = new int[inRows];
        for (int e = 0; e < n; e++) {
            int column = entries.get(e)[1];
            int at = (int) transposeStart[column] + next[column]++;
            transposeColumns[at] = entries.get(e)[0];
            transposeValues[at] = values[e];
        }
        Program program = Program.builder(size.maxRows())
                .buffer(fixed("a.start", outRows + 1)).buffer(fixed("a.columns", n)).buffer(fixed("a.values", n))
                .buffer(fixed("t.start", inRows + 1)).buffer(fixed("t.columns", n)).buffer(fixed("t.values", n))
                .buffer(fixed("x", inRows * channels)).buffer(fixed("ax", outRows * channels))
                .buffer(fixed("y", outRows * channels)).buffer(fixed("aty", inRows * channels))
                .routine(ROUTINE, List.of(new Op.SparseProduct("a.start", "a.columns", "a.values", "x", "ax", outRows, channels),
                        new Op.SparseProduct("t.start", "t.columns", "t.values", "y", "aty", inRows, channels)))
                .build();
        float[] x = uniform(new Random(1813), inRows * channels, -1.0, 1.0);
        float[] y = uniform(new Random(1814), outRows * channels, -1.0, 1.0);
        try (CompiledProgram compiled = target.backend().get().compile(program)) {
            compiled.write("a.start", rowStart);
            compiled.write("a.columns", columns);
            compiled.write("a.values", values);
            compiled.write("t.start", transposeStart);
            compiled.write("t.columns", transposeColumns);
            compiled.write("t.values", transposeValues);
            compiled.write("x", x);
            compiled.write("y", y);
            compiled.run(ROUTINE, size.rows(), StepScalars.NONE);
            float[] ax = compiled.read("ax");
            float[] aty = compiled.read("aty");
            double left = 0;
            double right = 0;
            double scale = 0;
            for (int i = 0; i < y.length; i++) {
                left += (double) ax[i] * y[i];
                scale += Math.abs((double) ax[i] * y[i]);
            }
            for (int i = 0; i < x.length; i++) {
                right += (double) x[i] * aty[i];
            }
            assertEquals(left, right, 1e-5 * scale, "<Ax, y> against <x, A^T y> [" + target + "]");
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void adamUpdate(Target target, Rows size) {
        // A fixed-size parameter: the whole buffer is updated whatever the row count.
        int n = 300;
        float beta1 = 0.9f;
        float beta2 = 0.999f;
        float eps = 1e-8f;
        Op.AdamUpdate op = Op.AdamUpdate.of("param", "grad", "m", "v", 0.9, 0.999, 1e-8);
        Case c = new Case(size.maxRows(), op, 1301, fixed("param", n), BufferSpec.fixed("grad", BufferRole.GRADIENT, n),
                BufferSpec.fixed("m", BufferRole.OPTIMIZER_STATE, n), BufferSpec.fixed("v", BufferRole.OPTIMIZER_STATE, n));
        float[] v = c.get("v");
        for (int i = 0; i < n; i++) {
            v[i] = Math.abs(v[i]) * 1e-2f; // second moments are non-negative
        }
        StepScalars scalars = StepScalars.adam(1e-3, beta1, beta2, 5);
        runAndCompare(target, c, size.rows(), scalars, e -> {
            for (int i = 0; i < n; i++) {
                AdamKernels.update(i, e.get("param"), e.get("grad"), e.get("m"), e.get("v"), scalars.adamStepSize(),
                        beta1, op.oneMinusBeta1(), beta2, op.oneMinusBeta2(), eps, scalars.adamSqrtBiasCorrection2());
            }
        }, "AdamUpdate");
    }

    // ---------------------------------------------------------------------------------------------
    // Grid path

    /** Axis positions as floats: integers in [0, axisLength), as the grid path stores its indices. */
    private static void fillIndices(float[] index, int axisLength, long seed) {
        Random random = new Random(seed);
        for (int j = 0; j < index.length; j++) {
            index[j] = random.nextInt(axisLength);
        }
    }

    @ParameterizedTest(name = "{0}, {1}, degree {2}")
    @MethodSource("targetsRowsAndDegrees")
    void chebyshevAxisTable(Target target, Rows size, int degree) {
        // The table does not depend on the row count; the axis length follows it to vary the shape.
        int in = 2;
        int outDim = 37;
        int terms = degree + 1;
        int axisLength = Math.min(size.rows(), MAX_AXIS_LENGTH);
        Op op = new Op.ChebyshevAxisTable("values", "coeff", "table", in, outDim, degree, axisLength);
        Case c = new Case(size.maxRows(), op, 1401 + degree, fixed("values", in * axisLength),
                fixed("coeff", in * outDim * terms), fixed("table", in * axisLength * outDim));
        runAndCompare(target, c, size.rows(), StepScalars.NONE, e -> {
            for (int axisRow = 0; axisRow < in * axisLength; axisRow++) {
                ChebyshevKernels.axisTableRow(axisRow, e.get("values"), e.get("coeff"), outDim, degree, axisLength,
                        e.get("table"));
            }
        }, "ChebyshevAxisTable degree " + degree, tanhTolerance());
    }

    @ParameterizedTest(name = "{0}, {1}, degree {2}")
    @MethodSource("targetsRowsAndDegrees")
    void chebyshevAxisCoeffGrad(Target target, Rows size, int degree) {
        int in = 2;
        int outDim = 37;
        int terms = degree + 1;
        int axisLength = Math.min(size.rows(), MAX_AXIS_LENGTH);
        Op op = new Op.ChebyshevAxisCoeffGrad("values", "dTable", "dCoeff", in, outDim, degree, axisLength);
        Case c = new Case(size.maxRows(), op, 1501 + degree, fixed("values", in * axisLength),
                fixed("dTable", in * axisLength * outDim), fixed("dCoeff", in * outDim * terms));
        runAndCompare(target, c, size.rows(), StepScalars.NONE, e -> {
            for (int pair = 0; pair < in * outDim; pair++) {
                ChebyshevKernels.axisCoeffGradPair(pair, e.get("values"), e.get("dTable"), outDim, degree, axisLength,
                        e.get("dCoeff"));
            }
        }, "ChebyshevAxisCoeffGrad degree " + degree, tanhTolerance());
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void gatherSum(Target target, Rows size) {
        int in = 3;
        int outDim = 37;
        int axisLength = 50;
        Op op = new Op.GatherSum("table", "index", "out", in, outDim, axisLength);
        Case c = new Case(size.maxRows(), op, 1601, fixed("table", in * axisLength * outDim), perRow("index", in),
                perRow("out", outDim));
        fillIndices(c.get("index"), axisLength, 1602);
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int row = 0; row < rows; row++) {
                GridKernels.gatherSumRow(row, e.get("table"), e.get("index"), in, outDim, axisLength, e.get("out"));
            }
        }, "GatherSum");
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void scatterSum(Target target, Rows size) {
        // outDim 37: more than one column block of the cpu backend's scatter, the last one partial.
        int in = 3;
        int outDim = 37;
        int axisLength = 50;
        Op op = new Op.ScatterSum("dOut", "index", "dTable", in, outDim, axisLength);
        Case c = new Case(size.maxRows(), op, 1701, perRow("dOut", outDim), perRow("index", in),
                fixed("dTable", in * axisLength * outDim));
        fillIndices(c.get("index"), axisLength, 1702);
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            // The whole batch as one chunk, then the (trivial) sum over chunks.
            int tableSize = in * axisLength * outDim;
            float[] partial = new float[tableSize];
            GridKernels.scatterSumPartial(0, rows, rows, e.get("dOut"), e.get("index"), in, outDim, axisLength, partial);
            for (int k = 0; k < tableSize; k++) {
                LinearKernels.reducePartials(k, partial, 1, tableSize, e.get("dTable"));
            }
        }, "ScatterSum");
    }

    /**
     * The multiresolution grid's levels: (dims, levelSize, cells per axis of each level). 2-D: two
     * dense levels (4^2, 8^2 vertices) and a hashed one (31^2 > 64); 3-D: a dense and a hashed one.
     */
    private static final int[][] HASH_GRIDS = {{2, 64, 3, 7, 30}, {3, 128, 2, 5}};

    private static float[] gridResolutions(int[] grid) {
        float[] resolutions = new float[grid.length - 2];
        for (int l = 0; l < resolutions.length; l++) {
            resolutions[l] = grid[l + 2];
        }
        return resolutions;
    }

    /** A test grid's shape, from {@code {dims, levelSize, ...}}: its levels' resolutions, 2 features each. */
    private record HashGridShape(int dims, int levelSize, float[] resolutions, int levels, int features, int entries) {
        static HashGridShape of(int[] grid) {
            float[] resolutions = gridResolutions(grid);
            int levels = resolutions.length;
            return new HashGridShape(grid[0], grid[1], resolutions, levels, 2,
                    HashGridKernels.levelOffset(resolutions, levels, grid[0], grid[1]));
        }
    }

    Stream<Arguments> targetsRowsAndHashGrids() {
        return targetsAndRows().flatMap(a -> Stream.of(HASH_GRIDS).map(g -> Arguments.of(a.get()[0], a.get()[1], g)));
    }

    @ParameterizedTest(name = "{0}, {1}, {2}")
    @MethodSource("targetsRowsAndHashGrids")
    void hashGridEncode(Target target, Rows size, int[] grid) {
        HashGridShape g = HashGridShape.of(grid);
        int dims = g.dims(), levelSize = g.levelSize(), levels = g.levels(), features = g.features(), entries = g.entries();
        float[] resolutions = g.resolutions();
        Op op = new Op.HashGridEncode("coords", "resolutions", "table", "out", dims, levels, features, levelSize);
        Case c = new Case(size.maxRows(), op, 1801, perRow("coords", dims), fixed("resolutions", levels),
                fixed("table", entries * features), perRow("out", levels * features));
        System.arraycopy(resolutions, 0, c.get("resolutions"), 0, levels);
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int row = 0; row < rows; row++) {
                HashGridKernels.encodeRow(row, e.get("coords"), e.get("resolutions"), e.get("table"), dims, levels,
                        features, levelSize, e.get("out"));
            }
        }, "HashGridEncode");
    }

    @ParameterizedTest(name = "{0}, {1}, {2}")
    @MethodSource("targetsRowsAndHashGrids")
    void hashGridScatter(Target target, Rows size, int[] grid) {
        HashGridShape g = HashGridShape.of(grid);
        int dims = g.dims(), levelSize = g.levelSize(), levels = g.levels(), features = g.features(), entries = g.entries();
        float[] resolutions = g.resolutions();
        Op op = new Op.HashGridScatter("coords", "resolutions", "dOut", "dTable", dims, levels, features, levelSize);
        Case c = new Case(size.maxRows(), op, 1901, perRow("coords", dims), fixed("resolutions", levels),
                perRow("dOut", levels * features), fixed("dTable", entries * features));
        System.arraycopy(resolutions, 0, c.get("resolutions"), 0, levels);
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int item = 0; item < levels * features; item++) {
                HashGridKernels.scatterItem(item, rows, e.get("coords"), e.get("resolutions"), e.get("dOut"), dims,
                        levels, features, levelSize, e.get("dTable"));
            }
        }, "HashGridScatter");
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void gridTotalVariation(Target target, Rows size) {
        for (int dims = 1; dims <= 3; dims++) {
            int resolution = 6;
            int features = 3;
            int vertices = HashGridKernels.denseEntries(resolution, dims, Integer.MAX_VALUE);
            Op op = new Op.GridTotalVariation("table", "dTable", dims, resolution, features, 0.25f);
            Case c = new Case(size.maxRows(), op, 2001 + dims, fixed("table", vertices * features),
                    fixed("dTable", vertices * features));
            int d = dims;
            runAndCompare(target, c, size.rows(), StepScalars.NONE, e -> {
                for (int v = 0; v < vertices; v++) {
                    HashGridKernels.totalVariationVertex(v, e.get("table"), d, resolution, features, 0.25f,
                            e.get("dTable"));
                }
            }, "GridTotalVariation " + dims + "-D");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Convolution side: one CHW image, fixed sizes (the row count only repeats each case)

    /**
     * (channels, height, width, kernel, stride, pad): the ResNet stem's convolution (7x7, stride 2,
     * pad 3) and pooling (3x3, stride 2, pad 1) and a block's convolution (3x3, stride 1, pad 1) on odd
     * and uneven sizes, and a strided 1x1 (the downsampling shortcut).
     */
    private static final int[][] WINDOWS = {{3, 11, 9, 7, 2, 3}, {2, 7, 6, 3, 2, 1}, {4, 5, 5, 3, 1, 1},
        {3, 8, 10, 1, 2, 0}};

    /** Batch normalisation's planes: odd, and a 64x64 feature map's. */
    private static final int[] PLANES = {143, 4096};

    Stream<Arguments> targetsAndWindows() {
        return targets().stream().flatMap(t -> Stream.of(WINDOWS).map(w -> Arguments.of(t, w)));
    }

    Stream<Arguments> targetsWindowsAndFlag() {
        List<Arguments> cases = new ArrayList<>();
        for (Target target : targets()) {
            for (int[] window : WINDOWS) {
                cases.add(Arguments.of(target, window, false));
                cases.add(Arguments.of(target, window, true));
            }
        }
        return cases.stream();
    }

    /** Target, plane, relu, and a residual mode: 0 none, 1 present (overwritten), 2 present (accumulated). */
    Stream<Arguments> targetsAndBatchNorms() {
        List<Arguments> cases = new ArrayList<>();
        for (Target target : targets()) {
            for (int plane : PLANES) {
                for (int mode = 0; mode < 3; mode++) {
                    cases.add(Arguments.of(target, plane, false, mode));
                    cases.add(Arguments.of(target, plane, true, mode));
                }
            }
        }
        return cases.stream();
    }

    private static int windowPositions(int[] w) {
        return ConvolutionKernels.outSize(w[1], w[3], w[4], w[5]) * ConvolutionKernels.outSize(w[2], w[3], w[4], w[5]);
    }

    @ParameterizedTest(name = "{0}, window {1}")
    @MethodSource("targetsAndWindows")
    void im2col(Target target, int[] w) {
        int channels = w[0], height = w[1], width = w[2], kernel = w[3], stride = w[4], pad = w[5];
        int count = channels * kernel * kernel * windowPositions(w);
        Op op = new Op.Im2col("x", "cols", channels, height, width, kernel, stride, pad);
        Case c = new Case(SMALL.maxRows(), op, 2601, fixed("x", channels * height * width), fixed("cols", count));
        runAndCompare(target, c, SMALL.rows(), StepScalars.NONE, e -> {
            for (int i = 0; i < count; i++) {
                ConvolutionKernels.im2col(i, e.get("x"), height, width, kernel, stride, pad, e.get("cols"));
            }
        }, "Im2col " + Arrays.toString(w));
    }

    @ParameterizedTest(name = "{0}, window {1}, accumulate={2}")
    @MethodSource("targetsWindowsAndFlag")
    void col2im(Target target, int[] w, boolean accumulate) {
        int channels = w[0], height = w[1], width = w[2], kernel = w[3], stride = w[4], pad = w[5];
        int count = channels * height * width;
        Op op = new Op.Col2im("dCols", "dX", channels, height, width, kernel, stride, pad, accumulate);
        Case c = new Case(SMALL.maxRows(), op, 2602, fixed("dCols", channels * kernel * kernel * windowPositions(w)),
                fixed("dX", count));
        runAndCompare(target, c, SMALL.rows(), StepScalars.NONE, e -> {
            for (int i = 0; i < count; i++) {
                ConvolutionKernels.col2im(i, e.get("dCols"), height, width, kernel, stride, pad, accumulate ? 1 : 0,
                        e.get("dX"));
            }
        }, "Col2im " + Arrays.toString(w) + " accumulate=" + accumulate);
    }

    @ParameterizedTest(name = "{0}, window {1}")
    @MethodSource("targetsAndWindows")
    void maxPoolForward(Target target, int[] w) {
        int channels = w[0], height = w[1], width = w[2], kernel = w[3], stride = w[4], pad = w[5];
        int count = channels * windowPositions(w);
        Op op = new Op.MaxPoolForward("x", "y", "argmax", channels, height, width, kernel, stride, pad);
        Case c = new Case(SMALL.maxRows(), op, 2603, fixed("x", channels * height * width), fixed("y", count),
                fixed("argmax", count));
        runAndCompare(target, c, SMALL.rows(), StepScalars.NONE, e -> {
            for (int i = 0; i < count; i++) {
                ConvolutionKernels.maxPoolForward(i, e.get("x"), height, width, kernel, stride, pad, e.get("y"),
                        e.get("argmax"));
            }
        }, "MaxPoolForward " + Arrays.toString(w));
    }

    @ParameterizedTest(name = "{0}, window {1}")
    @MethodSource("targetsAndWindows")
    void maxPoolBackward(Target target, int[] w) {
        int channels = w[0], height = w[1], width = w[2], kernel = w[3], stride = w[4], pad = w[5];
        int count = channels * height * width;
        int outputs = channels * windowPositions(w);
        Op op = new Op.MaxPoolBackward("dY", "argmax", "dX", channels, height, width, kernel, stride, pad);
        Case c = new Case(SMALL.maxRows(), op, 2604, fixed("dY", outputs), fixed("argmax", outputs), fixed("dX", count));
        // Real argmax indices: those of the forward on a random image.
        float[] image = uniform(new Random(2605), count, -1.0, 1.0);
        for (int i = 0; i < outputs; i++) {
            ConvolutionKernels.maxPoolForward(i, image, height, width, kernel, stride, pad, new float[outputs],
                    c.get("argmax"));
        }
        runAndCompare(target, c, SMALL.rows(), StepScalars.NONE, e -> {
            for (int i = 0; i < count; i++) {
                ConvolutionKernels.maxPoolBackward(i, e.get("dY"), e.get("argmax"), height, width, kernel, stride, pad,
                        e.get("dX"));
            }
        }, "MaxPoolBackward " + Arrays.toString(w));
    }

    @ParameterizedTest(name = "{0}, plane {1}, relu={2}, residual mode {3}")
    @MethodSource("targetsAndBatchNorms")
    void batchNormForward(Target target, int plane, boolean relu, int mode) {
        int channels = 3;
        float eps = 1e-5f;
        String residual = mode == 0 ? null : "residual";
        Op op = new Op.BatchNormForward("x", "gamma", "beta", residual, "y", "mean", "rstd", channels, plane, eps, relu);
        List<BufferSpec> specs = new ArrayList<>(List.of(fixed("x", channels * plane), fixed("gamma", channels),
                fixed("beta", channels), fixed("y", channels * plane), fixed("mean", channels), fixed("rstd", channels)));
        if (residual != null) {
            specs.add(fixed(residual, channels * plane));
        }
        Case c = new Case(SMALL.maxRows(), op, 2606 + mode, specs.toArray(BufferSpec[]::new));
        runAndCompare(target, c, SMALL.rows(), StepScalars.NONE, e -> {
            for (int ch = 0; ch < channels; ch++) {
                BatchNormKernels.forwardChannel(ch, e.get("x"), e.get("gamma"), e.get("beta"),
                        residual == null ? e.get("x") : e.get(residual), residual == null ? 0 : 1, plane, eps, relu ? 1 : 0,
                        e.get("y"), e.get("mean"), e.get("rstd"));
            }
        }, "BatchNormForward plane " + plane + " relu=" + relu + " residual mode " + mode);
    }

    @ParameterizedTest(name = "{0}, plane {1}, relu={2}, residual mode {3}")
    @MethodSource("targetsAndBatchNorms")
    void batchNormBackward(Target target, int plane, boolean relu, int mode) {
        int channels = 3;
        String dResidual = mode == 0 ? null : "dResidual";
        Op op = new Op.BatchNormBackward("dY", "y", "x", "gamma", "mean", "rstd", "dX", "dGamma", "dBeta", dResidual,
                channels, plane, relu, mode == 2);
        List<BufferSpec> specs = new ArrayList<>(List.of(fixed("dY", channels * plane), fixed("y", channels * plane),
                fixed("x", channels * plane), fixed("gamma", channels), fixed("mean", channels), fixed("rstd", channels),
                fixed("dX", channels * plane), fixed("dGamma", channels), fixed("dBeta", channels)));
        if (dResidual != null) {
            specs.add(fixed(dResidual, channels * plane));
        }
        Case c = new Case(SMALL.maxRows(), op, 2609 + mode, specs.toArray(BufferSpec[]::new));
        // Realistic saved values: the forward's y, mean and rstd on x.
        float[] beta = uniform(new Random(2612), channels, -0.5, 0.5);
        for (int ch = 0; ch < channels; ch++) {
            BatchNormKernels.forwardChannel(ch, c.get("x"), c.get("gamma"), beta, c.get("x"), 0, plane, 1e-5f,
                    relu ? 1 : 0, c.get("y"), c.get("mean"), c.get("rstd"));
        }
        runAndCompare(target, c, SMALL.rows(), StepScalars.NONE, e -> {
            for (int ch = 0; ch < channels; ch++) {
                BatchNormKernels.backwardChannel(ch, e.get("dY"), e.get("y"), e.get("x"), e.get("gamma"), e.get("mean"),
                        e.get("rstd"), plane, relu ? 1 : 0, mode, e.get("dX"), e.get("dGamma"), e.get("dBeta"),
                        dResidual == null ? e.get("dX") : e.get(dResidual));
            }
        }, "BatchNormBackward plane " + plane + " relu=" + relu + " residual mode " + mode);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void batchNormRunningStats(Target target, Rows size) {
        int channels = 5;
        int plane = 143;
        float eps = 1e-5f;
        float momentum = 0.1f;
        Op op = new Op.BatchNormRunningStats("mean", "rstd", "runningMean", "runningVar", channels, plane, eps, momentum);
        Case c = new Case(size.maxRows(), op, 2613, fixed("mean", channels), fixed("rstd", channels),
                fixed("runningMean", channels), fixed("runningVar", channels));
        float[] rstd = c.get("rstd");
        float[] runningVar = c.get("runningVar");
        for (int ch = 0; ch < channels; ch++) {
            rstd[ch] = Math.abs(rstd[ch]) + 0.5f; // a standard deviation's reciprocal, a variance: positive
            runningVar[ch] = Math.abs(runningVar[ch]) + 0.1f;
        }
        runAndCompare(target, c, size.rows(), StepScalars.NONE, e -> {
            for (int ch = 0; ch < channels; ch++) {
                BatchNormKernels.runningStats(ch, e.get("mean"), e.get("rstd"), plane, eps, momentum, e.get("runningMean"),
                        e.get("runningVar"));
            }
        }, "BatchNormRunningStats");
    }

    // ---------------------------------------------------------------------------------------------
    // INCODE: the harmonizer's fixed-size vector ops and the composer's per-row sine

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void channelMean(Target target, Rows size) {
        // Fixed size: the plane follows the row count (up to the backend's large count, summed in order).
        int channels = 5;
        int plane = size.rows();
        Op op = new Op.ChannelMean("x", "y", channels, plane);
        Case c = new Case(size.maxRows(), op, 2601, fixed("x", channels * plane), fixed("y", channels));
        runAndCompare(target, c, size.rows(), StepScalars.NONE, e -> {
            for (int channel = 0; channel < channels; channel++) {
                HarmonizerKernels.channelMean(channel, e.get("x"), plane, e.get("y"));
            }
        }, "ChannelMean");
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void channelMeanBackward(Target target, Rows size) {
        int channels = 5;
        int plane = size.rows();
        Op op = new Op.ChannelMeanBackward("dY", "dX", channels, plane);
        Case c = new Case(size.maxRows(), op, 2602, fixed("dY", channels), fixed("dX", channels * plane));
        runAndCompare(target, c, size.rows(), StepScalars.NONE, e -> {
            for (int k = 0; k < channels * plane; k++) {
                HarmonizerKernels.channelMeanBackward(k, e.get("dY"), plane, e.get("dX"));
            }
        }, "ChannelMeanBackward");
    }

    /** DenseVector's forms: 0 plain, 1 plain with y the pre buffer itself, 2 SiLU. */
    Stream<Arguments> targetsRowsAndDenseForms() {
        return targetsAndRows().flatMap(a -> Stream.of(0, 1, 2).map(form -> Arguments.of(a.get()[0], a.get()[1], form)));
    }

    @ParameterizedTest(name = "{0}, {1}, form {2}")
    @MethodSource("targetsRowsAndDenseForms")
    void denseVector(Target target, Rows size, int form) {
        // Fixed size: the layer's shape follows the row count to vary it (the harmonizer's 64 -> 64 at most).
        int in = 1 + size.rows() % 64;
        int out = 1 + (size.rows() * 7) % 61;
        boolean silu = form == 2;
        String y = form == 1 ? "pre" : "y";
        Op op = new Op.DenseVector("x", "weight", "bias", "pre", y, in, out, silu);
        Case c = form == 1
                ? new Case(size.maxRows(), op, 2603, fixed("x", in), fixed("weight", out * in), fixed("bias", out),
                        fixed("pre", out))
                : new Case(size.maxRows(), op, 2604 + form, fixed("x", in), fixed("weight", out * in), fixed("bias", out),
                        fixed("pre", out), fixed("y", out));
        runAndCompare(target, c, size.rows(), StepScalars.NONE, e -> {
            for (int o = 0; o < out; o++) {
                HarmonizerKernels.denseVector(o, e.get("x"), e.get("weight"), e.get("bias"), in, silu ? 1 : 0, e.get("pre"),
                        e.get(y));
            }
        }, "DenseVector form " + form, silu ? tanhTolerance() : tolerance());
    }

    /**
     * DenseVectorBackward's forms: 0 plain without pre (its SiLU's only input), 1 plain without dX,
     * 2 SiLU, 3 SiLU without dX.
     */
    Stream<Arguments> targetsRowsAndDenseBackwardForms() {
        return targetsAndRows().flatMap(a -> Stream.of(0, 1, 2, 3).map(form -> Arguments.of(a.get()[0], a.get()[1], form)));
    }

    @ParameterizedTest(name = "{0}, {1}, form {2}")
    @MethodSource("targetsRowsAndDenseBackwardForms")
    void denseVectorBackward(Target target, Rows size, int form) {
        int in = 1 + size.rows() % 64;
        int out = 1 + (size.rows() * 7) % 61;
        boolean silu = form >= 2;
        boolean withPre = form != 0;
        boolean withDx = form == 0 || form == 2;
        Op op = new Op.DenseVectorBackward("dY", withPre ? "pre" : null, "x", "weight", "dPre", "dWeight", "dBias",
                withDx ? "dX" : null, in, out, silu);
        List<BufferSpec> specs = new ArrayList<>(List.of(fixed("dY", out), fixed("x", in), fixed("weight", out * in),
                fixed("dPre", out), fixed("dWeight", out * in), fixed("dBias", out)));
        if (withPre) {
            specs.add(fixed("pre", out));
        }
        if (withDx) {
            specs.add(fixed("dX", in));
        }
        Case c = new Case(size.maxRows(), op, 2611 + form, specs.toArray(BufferSpec[]::new));
        runAndCompare(target, c, size.rows(), StepScalars.NONE, e -> {
            float[] pre = withPre ? e.get("pre") : null;
            for (int o = 0; o < out; o++) {
                HarmonizerKernels.denseVectorBackwardOutput(o, e.get("dY"), pre, e.get("x"), in, silu ? 1 : 0,
                        e.get("dPre"), e.get("dWeight"), e.get("dBias"));
            }
            if (withDx) {
                for (int i = 0; i < in; i++) {
                    HarmonizerKernels.denseVectorBackwardInput(i, e.get("weight"), e.get("dPre"), in, out, e.get("dX"));
                }
            }
        }, "DenseVectorBackward form " + form, silu ? tanhTolerance() : tolerance());
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void incodeSine(Target target, Rows size) {
        int width = 21;
        float omega = 30f;
        Op op = new Op.IncodeSine("pre", "coefficients", "y", width, omega);
        Case c = new Case(size.maxRows(), op, 2621, perRow("pre", width), fixed("coefficients", 4), perRow("y", width));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int i = 0; i < rows * width; i++) {
                IncodeKernels.incodeSine(i, e.get("pre"), e.get("coefficients"), omega, e.get("y"));
            }
        }, "IncodeSine", tanhTolerance());
    }

    @ParameterizedTest(name = "{0}, {1}, in place={2}")
    @MethodSource("targetsRowsAndFlag")
    void incodeSineBackward(Target target, Rows size, boolean inPlace) {
        int width = 21;
        float omega = 30f;
        String dPre = inPlace ? "dY" : "dPre";
        Op op = new Op.IncodeSineBackward("pre", "y", "coefficients", "dY", dPre, "rowGrad", width, omega);
        Case c = inPlace
                ? new Case(size.maxRows(), op, 2622, perRow("pre", width), perRow("y", width), fixed("coefficients", 4),
                        perRow("dY", width), perRow("rowGrad", 4))
                : new Case(size.maxRows(), op, 2623, perRow("pre", width), perRow("y", width), fixed("coefficients", 4),
                        perRow("dY", width), perRow("dPre", width), perRow("rowGrad", 4));
        int rows = size.rows();
        runAndCompare(target, c, rows, StepScalars.NONE, e -> {
            for (int row = 0; row < rows; row++) {
                IncodeKernels.incodeSineBackwardRow(row, e.get("pre"), e.get("y"), e.get("coefficients"), e.get("dY"), width,
                        omega, e.get(dPre), e.get("rowGrad"));
            }
        }, "IncodeSineBackward in place=" + inPlace, tanhTolerance());
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void coefficientPenalty(Target target, Rows size) {
        // Random coefficients in [-1, 1): both signs; the seed follows the row count to vary them.
        Op op = new Op.CoefficientPenalty("coefficients", "dCoefficients", 0.1f, 0.5f, 2.0f, 0.25f);
        Case c = new Case(size.maxRows(), op, 2631 + size.rows(), fixed("coefficients", 4), fixed("dCoefficients", 4));
        runAndCompare(target, c, size.rows(), StepScalars.NONE, e -> {
            for (int j = 0; j < 4; j++) {
                HarmonizerKernels.coefficientPenalty(j, e.get("coefficients"), 0.1f, 0.5f, 2.0f, 0.25f,
                        e.get("dCoefficients"));
            }
        }, "CoefficientPenalty");
    }

    // ---------------------------------------------------------------------------------------------
    // NeRF's volume rendering: rays of RAY_SAMPLES consecutive rows, per-ray buffers of maxRows / RAY_SAMPLES rays,
    // runs on the row count rounded down to whole rays (the contract's multiple of samples).

    private static final int RAY_SAMPLES = 7;
    private static final float RAY_BACKGROUND = 0.3f;

    /** Raw densities in [-4, 4) (alphas from ~0 to 1), sample depths increasing along each ray, deltas in [0.02, 0.5). */
    private static void rayInputs(Case c, int maxRows, long seed) {
        Random random = new Random(seed);
        float[] field = c.get("field"), t = c.get("t"), delta = c.get("delta");
        for (int row = 0; row < maxRows; row++) {
            field[row * VolumeRenderKernels.FIELD_WIDTH] = (float) (8.0 * random.nextDouble() - 4.0);
            t[row] = 2.0f + 0.1f * (row % RAY_SAMPLES);
            delta[row] = (float) (0.02 + 0.48 * random.nextDouble());
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void volumeRender(Target target, Rows size) {
        int maxRays = size.maxRows() / RAY_SAMPLES;
        int rays = size.rows() / RAY_SAMPLES;
        Op op = new Op.VolumeRender("field", "t", "delta", "rgb", "opacity", "depth", RAY_SAMPLES, RAY_BACKGROUND);
        Case c = new Case(size.maxRows(), op, 2701, perRow("field", VolumeRenderKernels.FIELD_WIDTH), perRow("t", 1),
                perRow("delta", 1), fixed("rgb", maxRays * 3), fixed("opacity", maxRays), fixed("depth", maxRays));
        rayInputs(c, size.maxRows(), 2702);
        runAndCompare(target, c, rays * RAY_SAMPLES, StepScalars.NONE, e -> {
            for (int ray = 0; ray < rays; ray++) {
                VolumeRenderKernels.renderRay(ray, e.get("field"), e.get("t"), e.get("delta"), RAY_SAMPLES, RAY_BACKGROUND,
                        e.get("rgb"), e.get("opacity"), e.get("depth"));
            }
        }, "VolumeRender", tanhTolerance());
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("targetsAndRows")
    void volumeRenderBackward(Target target, Rows size) {
        int maxRays = size.maxRows() / RAY_SAMPLES;
        int rays = size.rows() / RAY_SAMPLES;
        Op op = new Op.VolumeRenderBackward("field", "delta", "rgb", "opacity", "dRgb", "dField", RAY_SAMPLES,
                RAY_BACKGROUND);
        Case c = new Case(size.maxRows(), op, 2703, perRow("field", VolumeRenderKernels.FIELD_WIDTH), perRow("t", 1),
                perRow("delta", 1), fixed("rgb", maxRays * 3), fixed("opacity", maxRays), fixed("dRgb", maxRays * 3),
                perRow("dField", VolumeRenderKernels.FIELD_WIDTH));
        rayInputs(c, size.maxRows(), 2704);
        // Realistic saved outputs: the forward's on the same field (the backward's suffix sums cancel against them).
        float[] depth = new float[maxRays];
        for (int ray = 0; ray < maxRays; ray++) {
            VolumeRenderKernels.renderRay(ray, c.get("field"), c.get("t"), c.get("delta"), RAY_SAMPLES, RAY_BACKGROUND,
                    c.get("rgb"), c.get("opacity"), depth);
        }
        runAndCompare(target, c, rays * RAY_SAMPLES, StepScalars.NONE, e -> {
            for (int ray = 0; ray < rays; ray++) {
                VolumeRenderKernels.renderRayBackward(ray, e.get("field"), e.get("delta"), e.get("rgb"), e.get("opacity"),
                        e.get("dRgb"), RAY_SAMPLES, RAY_BACKGROUND, e.get("dField"));
            }
        }, "VolumeRenderBackward", tanhTolerance());
    }

    // ---------------------------------------------------------------------------------------------
    // Several ops in one routine, run twice

    /**
     * Several ops in one routine, run twice on {@code backend}: state stays on the device between
     * runs, and the second run starts from what the first left. For the device backends' own tests.
     */
    protected static void checkRoutineOfSeveralOpsRunsTwice(Backend backend, double tolerance) {
        int maxRows = 40;
        int width = 8;
        Program program = Program.builder(maxRows)
                .buffer(perRow("x", width)).buffer(fixed("w", width * width)).buffer(fixed("bias", width))
                .buffer(perRow("y", width)).buffer(perRow("target", width)).buffer(perRow("dY", width))
                .buffer(perRow("err", 1)).buffer(BufferSpec.fixed("dBias", BufferRole.GRADIENT, width))
                .routine(ROUTINE, List.of(
                        new Op.MatMul("x", false, "w", false, "y", Extent.rows(), Extent.of(width), Extent.of(width),
                                false),
                        new Op.BiasActivation("y", "bias", width, true),
                        new Op.MseLoss("y", "target", "dY", "err", width),
                        new Op.BiasGrad("dY", "dBias", width),
                        new Op.Multiply("dY", "dY", "x", width, true)))
                .build();
        Random random = new Random(7);
        Map<String, float[]> values = new LinkedHashMap<>();
        for (String name : program.buffers().keySet()) {
            values.put(name, uniform(random, program.buffer(name).length(maxRows), -1.0, 1.0));
        }
        int rows = 33;
        Map<String, float[]> expected = new LinkedHashMap<>();
        values.forEach((name, v) -> expected.put(name, v.clone()));
        for (int run = 0; run < 2; run++) {
            float[] x = expected.get("x"), w = expected.get("w"), y = expected.get("y"), dY = expected.get("dY");
            for (int row = 0; row < rows; row++) {
                LinearKernels.gemmRow(row, width, width, 1.0f, x, 0, width, 1, w, 0, width, 1, 0.0f, y, 0, width);
                LinearKernels.biasActivationRow(row, expected.get("bias"), width, 1, y);
                LossKernels.mseRow(row, y, expected.get("target"), width, 2.0f / (rows * width), dY,
                        expected.get("err"));
            }
            float[] partial = new float[width];
            LinearKernels.columnSumPartial(0, rows, rows, dY, width, partial);
            for (int j = 0; j < width; j++) {
                LinearKernels.reducePartials(j, partial, 1, width, expected.get("dBias"));
            }
            for (int i = 0; i < rows * width; i++) {
                ElementwiseKernels.multiply(i, dY, dY, 1, x);
            }
        }
        try (CompiledProgram compiled = backend.compile(program)) {
            values.forEach(compiled::write);
            compiled.run(ROUTINE, rows, StepScalars.NONE);
            compiled.run(ROUTINE, rows, StepScalars.NONE);
            for (Map.Entry<String, float[]> e : expected.entrySet()) {
                assertClose(e.getValue(), compiled.read(e.getKey()), tolerance, "routine, buffer " + e.getKey());
            }
        }
    }
}
