package io.sl2a.program;

import java.util.List;

/**
 * NeRF's volume rendering along rays of consecutive samples (see
 * io.sl2a.kernels.VolumeRenderKernels), and the sparse product of a measurement operator. Its
 * records are members of {@link Op}, which extends this interface: other code names them
 * {@code Op.VolumeRender} and so on.
 */
public sealed interface RenderOps permits Op {

    /**
     * NeRF's volume rendering (nerf-pytorch / torch-ngp), one work-item per ray over rows / samples rays:
     * field[row, 0] is the raw density and field[row, 1..4) the raw colour of sample row; with
     * sigma = exp(raw density) (torch-ngp's trunc_exp), colour = sigmoid(raw colour),
     * alpha_i = 1 - exp(-sigma_i delta_i), T_i = prod_{j<i} (1 - alpha_j), w_i = T_i alpha_i:
     * rgb[ray] = sum_i w_i c_i + (1 - sum_i w_i) background, opacity[ray] = sum_i w_i,
     * depth[ray] = sum_i w_i t_i (t, delta per sample: inputs written by the host).
     *
     * <p>Rows are samples: a batch of {@code rows} rows holds {@code rows / samples} rays of
     * {@code samples} consecutive samples (rows a multiple of samples; a trailing partial ray would be
     * neither read nor written). field, t, delta are per row (rows x 4, x 1, x 1); rgb, opacity, depth
     * per ray (rays x 3, x 1, x 1). The raw density is clamped to at most 15 before its exponential
     * (no overflow to infinity, so no NaN from a zero delta); no early ray termination.
     */
    record VolumeRender(String field, String t, String delta, String rgb, String opacity, String depth, int samples,
            float background) implements Op {
        public VolumeRender {
            checkSamples(samples);
        }

        public List<String> reads() {
            return List.of(field, t, delta);
        }

        public List<String> writes() {
            return List.of(rgb, opacity, depth);
        }
    }

    /**
     * Its backward from dRgb [rays, 3] (opacity and depth carry no gradient): dField [rows, 4] (overwrites),
     * the raw density's gradient through exp with its input clamped to [-15, 15] as trunc_exp's backward,
     * the raw colour's through the sigmoid; reads the forward's rgb and opacity.
     *
     * <p>With C = sum w_i c_i + (1 - O) bg: dC/dc_i = w_i and
     * dC/dsigma_i = delta_i (T_{i+1} c_i - sum_{j>i} w_j c_j - (1 - O) bg), the suffix sum taken in one
     * pass per ray as the forward's foreground total (rgb - (1 - O) bg) less the running prefix
     * (instant-ngp's composite backward). delta multiplies the rounding of that difference, so the last
     * sample's delta should be a spacing (torch-ngp), not nerf-pytorch's 1e10.
     */
    record VolumeRenderBackward(String field, String delta, String rgb, String opacity, String dRgb, String dField,
            int samples, float background) implements Op {
        public VolumeRenderBackward {
            checkSamples(samples);
        }

        public List<String> reads() {
            return List.of(field, delta, rgb, opacity, dRgb);
        }

        public List<String> writes() {
            return List.of(dField);
        }
    }

    /**
     * {@code y = A x} for a sparse {@code A} of {@code outRows} rows in CSR ({@code rowStart},
     * {@code columns}, {@code values}: constant buffers) and {@code x}, {@code y} of
     * {@code channels} values per row; see {@link io.sl2a.kernels.SparseKernels}. A measurement
     * operator's forward, and with the transpose's CSR its adjoint.
     */
    record SparseProduct(String rowStart, String columns, String values, String x, String y, int outRows, int channels)
            implements Op {
        public List<String> reads() {
            return List.of(rowStart, columns, values, x);
        }

        public List<String> writes() {
            return List.of(y);
        }
    }

    private static void checkSamples(int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("a ray needs at least one sample: " + samples);
        }
    }
}
