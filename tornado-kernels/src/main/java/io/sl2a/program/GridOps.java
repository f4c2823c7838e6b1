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

    /**
     * Multiresolution grid encoding ({@link io.sl2a.kernels.HashGridKernels}): {@code coords} [rows,
     * dims] in [-1, 1] to {@code out} [rows, levels * features], each level d-linearly interpolated
     * from its part of {@code table}; {@code resolutions} holds the levels' cells per axis.
     */
    record HashGridEncode(String coords, String resolutions, String table, String out, int dims, int levels,
            int features, int levelSize) implements Op {
        public List<String> reads() {
            return List.of(coords, resolutions, table);
        }

        public List<String> writes() {
            return List.of(out);
        }
    }

    /** The backward of {@link HashGridEncode}: {@code dTable} from {@code dOut} (overwrites). */
    record HashGridScatter(String coords, String resolutions, String dOut, String dTable, int dims, int levels,
            int features, int levelSize) implements Op {
        public List<String> reads() {
            return List.of(coords, resolutions, dOut);
        }

        public List<String> writes() {
            return List.of(dTable);
        }
    }

    /**
     * Adds {@code weight} times the gradient of a dense grid's anisotropic total variation to
     * {@code dTable} ((resolution+1)^dims vertices of {@code features}); fixed size.
     */
    record GridTotalVariation(String table, String dTable, int dims, int resolution, int features, float weight)
            implements Op {
        public List<String> reads() {
            return List.of(table, dTable);
        }

        public List<String> writes() {
            return List.of(dTable);
        }
    }
}
