package io.sl2a.program;

import java.util.List;

/**
 * The Chebyshev operations: a KAN layer's forward and gradients over the Chebyshev polynomials of
 * tanh of its inputs, and the grid path's per-axis tables of them. Its records are members of
 * {@link Op}, which extends this interface: other code names them {@code Op.ChebyshevForward} and
 * so on.
 */
public sealed interface ChebyshevOps permits Op {

    /** {@code out[rows, outDim] = sum_i sum_k coeff[i,o,k] T_k(tanh(coords[rows, in]))}. */
    record ChebyshevForward(String coords, String coeff, String out, int in, int outDim, int degree) implements Op {
        public List<String> reads() {
            return List.of(coords, coeff);
        }

        public List<String> writes() {
            return List.of(out);
        }
    }

    /** {@code dCoeff[i,o,k] = sum_rows dOut[row,o] T_k(tanh(coords[row,i]))} (overwrites). */
    record ChebyshevCoeffGrad(String coords, String dOut, String dCoeff, int in, int outDim, int degree) implements Op {
        public List<String> reads() {
            return List.of(coords, dOut);
        }

        public List<String> writes() {
            return List.of(dCoeff);
        }
    }

    /** Gradient with respect to the coordinates (for tasks that differentiate through them). */
    record ChebyshevInputGrad(String coords, String coeff, String dOut, String dCoords, int in, int outDim, int degree)
            implements Op {
        public List<String> reads() {
            return List.of(coords, coeff, dOut);
        }

        public List<String> writes() {
            return List.of(dCoords);
        }
    }

    /**
     * Grid path, forward table: {@code table[i][v][o] = sum_k coeff[i,o,k] T_k(tanh(values[i][v]))}
     * for every input dimension i and axis position v (see {@code io.sl2a.kernels.GridKernels}).
     */
    record ChebyshevAxisTable(String values, String coeff, String table, int in, int outDim, int degree, int axisLength)
            implements Op {
        public List<String> reads() {
            return List.of(values, coeff);
        }

        public List<String> writes() {
            return List.of(table);
        }
    }

    /** Grid path: {@code dCoeff[i,o,k] = sum_v dTable[i][v][o] T_k(tanh(values[i][v]))} (overwrites). */
    record ChebyshevAxisCoeffGrad(String values, String dTable, String dCoeff, int in, int outDim, int degree,
            int axisLength) implements Op {
        public List<String> reads() {
            return List.of(values, dTable);
        }

        public List<String> writes() {
            return List.of(dCoeff);
        }
    }
}
