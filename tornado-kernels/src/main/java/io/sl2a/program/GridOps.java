package io.sl2a.program;

import java.util.List;

/**
 * The grid path's gather and scatter over per-axis tables, the positional encoding, and KAN's
 * B-spline bases with the spline weights' row scaling. Its records are members of {@link Op},
 * which extends this interface: other code names them {@code Op.GatherSum} and so on.
 */
public sealed interface GridOps permits Op {

    /** Grid path: {@code out[row, o] = sum_i table[i][index[row, i]][o]}. */
    record GatherSum(String table, String index, String out, int in, int outDim, int axisLength) implements Op {
        public List<String> reads() {
            return List.of(table, index);
        }

        public List<String> writes() {
            return List.of(out);
        }
    }

    /** Grid path: {@code dTable[i][v][o] = sum over rows with index[row, i] == v of dOut[row, o]} (overwrites). */
    record ScatterSum(String dOut, String index, String dTable, int in, int outDim, int axisLength) implements Op {
        public List<String> reads() {
            return List.of(dOut, index);
        }

        public List<String> writes() {
            return List.of(dTable);
        }
    }

    /**
     * Fourier positional encoding of {@code coords} ({@code rows x in}) into {@code out}, see {@link
     * io.sl2a.kernels.EncodingKernels}.
     */
    record PositionalEncoding(String coords, String out, int in, int frequencies) implements Op {
        public List<String> reads() {
            return List.of(coords);
        }

        public List<String> writes() {
            return List.of(out);
        }
    }

    /**
     * Cubic B-spline bases of every input on a uniform grid of {@code gridSize} intervals on
     * [lo, hi] ({@link io.sl2a.kernels.SplineKernels}): basis [rows, in * (gridSize + 3)].
     */
    record BSplineBasis(String x, String basis, int in, int gridSize, float lo, float hi) implements Op {
        public List<String> reads() {
            return List.of(x);
        }

        public List<String> writes() {
            return List.of(basis);
        }
    }

    /** The input gradient through the bases: {@code dX} [rows, in] written or accumulated. */
    record BSplineInputGrad(String x, String dBasis, String dX, int in, int gridSize, float lo, float hi,
            boolean accumulate)
            implements Op {
        public List<String> reads() {
            return accumulate ? List.of(x, dBasis, dX) : List.of(x, dBasis);
        }

        public List<String> writes() {
            return List.of(dX);
        }
    }

    /** {@code scaled[r][c] = weight[r][c] * scaler[r]} for [rows, length]; fixed size. */
    record ScaleRows(String weight, String scaler, String scaled, int rows, int length) implements Op {
        public List<String> reads() {
            return List.of(weight, scaler);
        }

        public List<String> writes() {
            return List.of(scaled);
        }
    }

    /** The backward of {@link ScaleRows}: the weight's and the scaler's gradients; fixed size. */
    record ScaleRowsBackward(String dScaled, String weight, String scaler, String dWeight, String dScaler, int rows,
            int length)
            implements Op {
        public List<String> reads() {
            return List.of(dScaled, weight, scaler);
        }

        public List<String> writes() {
            return List.of(dWeight, dScaler);
        }
    }
}
