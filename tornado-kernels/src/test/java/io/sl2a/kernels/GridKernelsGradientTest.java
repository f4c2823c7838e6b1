package io.sl2a.kernels;

import static io.sl2a.kernels.TestSupport.assertClose;
import static io.sl2a.kernels.TestSupport.dot;
import static io.sl2a.kernels.TestSupport.numericalGradient;
import static io.sl2a.kernels.TestSupport.uniform;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The grid path of the Chebyshev layer: the per-axis table and the gather against the row-wise
 * forward, and the backward bodies (scatter, table coefficient gradient) against central differences.
 *
 * <p>Gradient tolerance 1e-2 relative to the largest gradient, h = 1e-2: f is linear in the table and
 * in the coefficients, so central differences are exact up to float rounding of f (~1e-5 relative
 * after division by 2h). Forward comparisons: 1e-5 relative, for sums of a few dozen float terms
 * taken in different orders.
 */
class GridKernelsGradientTest {
    private static final double GRADIENT_TOLERANCE = 1e-2;
    private static final int IN = 2;
    private static final int OUT = 7;
    private static final int AXIS = 9;
    private static final int ROWS = 23;

    private static float[] indices(Random random, int rows) {
        float[] index = new float[rows * IN];
        for (int j = 0; j < index.length; j++) {
            index[j] = random.nextInt(AXIS - 1); // axis position AXIS-1 never used: its gradient is zero
        }
        return index;
    }

    private static float[] table(float[] values, float[] coeff, int degree) {
        float[] table = new float[IN * AXIS * OUT];
        for (int axisRow = 0; axisRow < IN * AXIS; axisRow++) {
            ChebyshevKernels.axisTableRow(axisRow, values, coeff, OUT, degree, AXIS, table);
        }
        return table;
    }

    private static float[] gather(float[] table, float[] index, int rows) {
        float[] out = new float[rows * OUT];
        for (int row = 0; row < rows; row++) {
            GridKernels.gatherSumRow(row, table, index, IN, OUT, AXIS, out);
        }
        return out;
    }

    @Test
    void tableThenGatherEqualsRowWiseForward() {
        Random random = new Random(81);
        for (int degree : new int[] {0, 1, 6}) {
            int terms = degree + 1;
            float[] values = uniform(random, IN * AXIS, -2.0, 2.0);
            float[] coeff = uniform(random, IN * OUT * terms, -1.0, 1.0);
            float[] index = indices(random, ROWS);
            float[] coords = new float[ROWS * IN];
            for (int row = 0; row < ROWS; row++) {
                for (int i = 0; i < IN; i++) {
                    coords[row * IN + i] = values[i * AXIS + (int) index[row * IN + i]];
                }
            }
            float[] table = table(values, coeff, degree);
            double[] expectedTable = new double[table.length];
            for (int i = 0; i < IN; i++) {
                for (int v = 0; v < AXIS; v++) {
                    double theta = Math.acos(Math.tanh(values[i * AXIS + v]));
                    for (int o = 0; o < OUT; o++) {
                        for (int k = 0; k <= degree; k++) {
                            expectedTable[(i * AXIS + v) * OUT + o] += coeff[(i * OUT + o) * terms + k] * Math.cos(k * theta);
                        }
                    }
                }
            }
            assertClose(expectedTable, table, 1e-5, "axisTableRow vs double, degree " + degree);

            float[] rowWise = new float[ROWS * OUT];
            for (int row = 0; row < ROWS; row++) {
                ChebyshevKernels.forwardRow(row, coords, coeff, IN, OUT, degree, rowWise);
            }
            assertClose(rowWise, gather(table, index, ROWS), 1e-5, "gather of the table vs forwardRow, degree " + degree);
        }
    }

    /** The two-stage scatter as a backend runs it: per-chunk partial tables, then their sum. */
    static void scatter(float[] dOut, float[] index, int rows, int chunks, float[] dTable, Random random) {
        int tableSize = IN * AXIS * OUT;
        float[] partial = uniform(random, chunks * tableSize, -9.0, 9.0);
        int rowsPerChunk = (rows + chunks - 1) / chunks;
        for (int chunk = 0; chunk < chunks; chunk++) {
            GridKernels.scatterSumPartial(chunk, rowsPerChunk, rows, dOut, index, IN, OUT, AXIS, partial);
        }
        for (int k = 0; k < tableSize; k++) {
            LinearKernels.reducePartials(k, partial, chunks, tableSize, dTable);
        }
    }

    @Test
    void scatterSumIsTheGradientOfGatherSum() {
        Random random = new Random(82);
        float[] table = uniform(random, IN * AXIS * OUT, -1.0, 1.0);
        float[] index = indices(random, ROWS);
        float[] g = uniform(random, ROWS * OUT, -1.0, 1.0);
        double[] numerical = numericalGradient(table, 1e-2, () -> dot(g, gather(table, index, ROWS), ROWS * OUT));
        // Three row chunks, the last one shorter; partial tables start as garbage and must be overwritten.
        float[] dTable = uniform(random, table.length, -9.0, 9.0);
        scatter(g, index, ROWS, 3, dTable, random);
        assertClose(numerical, dTable, GRADIENT_TOLERANCE, "scatterSumPartial + reducePartials");
    }

    @Test
    void axisCoeffGradPairMatchesFiniteDifferencesAndTheRowWiseGradient() {
        Random random = new Random(83);
        for (int degree : new int[] {0, 1, 5}) {
            int terms = degree + 1;
            int deg = degree;
            float[] values = uniform(random, IN * AXIS, -2.0, 2.0);
            float[] coeff = uniform(random, IN * OUT * terms, -1.0, 1.0);
            float[] dTable = uniform(random, IN * AXIS * OUT, -1.0, 1.0);
            double[] numerical = numericalGradient(coeff, 1e-2,
                    () -> dot(dTable, table(values, coeff, deg), dTable.length));
            float[] dCoeff = uniform(random, coeff.length, -9.0, 9.0); // garbage: must be overwritten
            for (int pair = 0; pair < IN * OUT; pair++) {
                ChebyshevKernels.axisCoeffGradPair(pair, values, dTable, OUT, degree, AXIS, dCoeff);
            }
            assertClose(numerical, dCoeff, GRADIENT_TOLERANCE, "axisCoeffGradPair degree " + degree);

            // The whole grid backward (scatter, then the table's coefficient gradient) equals the
            // row-wise coefficient gradient on the gathered coordinates.
            float[] index = indices(random, ROWS);
            float[] coords = new float[ROWS * IN];
            for (int row = 0; row < ROWS; row++) {
                for (int i = 0; i < IN; i++) {
                    coords[row * IN + i] = values[i * AXIS + (int) index[row * IN + i]];
                }
            }
            float[] g = uniform(random, ROWS * OUT, -1.0, 1.0);
            float[] scattered = new float[IN * AXIS * OUT];
            scatter(g, index, ROWS, 2, scattered, random);
            float[] gridGrad = new float[coeff.length];
            for (int pair = 0; pair < IN * OUT; pair++) {
                ChebyshevKernels.axisCoeffGradPair(pair, values, scattered, OUT, degree, AXIS, gridGrad);
            }
            float[] rowGrad = new float[coeff.length];
            for (int pair = 0; pair < IN * OUT; pair++) {
                ChebyshevKernels.coeffGradPair(pair, coords, g, ROWS, IN, OUT, degree, rowGrad, 0);
            }
            assertClose(rowGrad, gridGrad, 1e-5, "grid vs row-wise coefficient gradient, degree " + degree);
        }
    }
}
