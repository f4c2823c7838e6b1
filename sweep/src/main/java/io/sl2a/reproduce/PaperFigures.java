package io.sl2a.reproduce;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The paper's figures, as published (Heidari et al., SL2A-INR: ICCV 2025 and arXiv 2409.10836),
 * in one place: the experiments compare with these and nothing else. Keys are this project's
 * model names.
 */
public final class PaperFigures {
    private PaperFigures() {
    }

    /** ICCV Table 1: DIV2K, 16 images at 512x512, mean PSNR (dB). */
    public static final Map<String, Double> ICCV_IMAGE_PSNR = ordered(
            "wire", 30.63, "siren", 33.47, "gauss", 34.96, "relu-pe", 35.27, "finer", 36.35, "sl2a", 36.88);
    /** ICCV Table 1: mean SSIM. */
    public static final Map<String, Double> ICCV_IMAGE_SSIM = ordered(
            "wire", 0.818, "siren", 0.896, "gauss", 0.914, "relu-pe", 0.916, "finer", 0.924, "sl2a", 0.933);
    /** ICCV Table 1: parameters (thousands), RGB images. */
    public static final Map<String, Double> ICCV_IMAGE_PARAMS_K = ordered(
            "wire", 91.6, "siren", 198.9, "gauss", 198.9, "relu-pe", 204.0, "finer", 198.9, "sl2a", 330.2);

    /** Preprint Table 1: parameters (millions) of the preprint's extra rows and variants. */
    public static final Map<String, Double> PREPRINT_PARAMS_M = ordered(
            "mfn", 0.204, "incode", 0.198, "sl2a-rank32", 0.190, "sl2a-width128-degree500", 0.181);
    /** Preprint Table 1: PSNR on Plant and Castle: full SL2A, low rank 32, width 128 with degree 500. */
    public static final Map<String, double[]> PREPRINT_VARIANT_PSNR = ordered(
            "sl2a", new double[] {54.58, 46.84}, "rank32", new double[] {48.02, 37.93},
            "width128", new double[] {46.72, 36.37});
    /** Preprint: SL2A's margin over the best baseline (INCODE) in image fitting, about 11 dB. */
    public static final double PREPRINT_IMAGE_MARGIN_DB = 11.0;

    /** Preprint Table 2: PSNR with and without the skip connection on Plant, Castle, Eiffel. */
    public static final double[] PREPRINT_SKIP_PSNR = {54.58, 46.84, 48.17};
    public static final double[] PREPRINT_NO_SKIP_PSNR = {51.43, 45.35, 46.69};

    /** ICCV ablation: removing the hidden ReLU costs up to this many dB. */
    public static final double ICCV_NO_RELU_COST_DB = 6.22;

    /** ICCV: against KAN on one image: parameters (M), time (min), PSNR, SSIM. */
    public static final Map<String, double[]> ICCV_KAN = ordered(
            "kan", new double[] {0.329, 210.1, 25.40, 0.722}, "chebykan", new double[] {0.203, 4.27, 30.50, 0.845},
            "sl2a", new double[] {0.330, 0.77, 33.40, 0.892});

    /** ICCV: occupancy IoU per shape (armadillo, dragon, lucy, thai statue, bearded man). */
    public static final String[] OCCUPANCY_SHAPES = {"armadillo", "dragon", "lucy", "thai", "bearded"};
    public static final Map<String, double[]> ICCV_OCCUPANCY_IOU = ordered(
            "finer", new double[] {0.9899, 0.9895, 0.9832, 0.9848, 0.9943},
            "gauss", new double[] {0.9768, 0.9968, 0.9601, 0.9900, 0.9932},
            "relu-pe", new double[] {0.9870, 0.9763, 0.9760, 0.9406, 0.9939},
            "siren", new double[] {0.9895, 0.9409, 0.9721, 0.9799, 0.9948},
            "sl2a", new double[] {0.9983, 0.9989, 0.9988, 0.9986, 0.9987});

    /** ICCV: NeRF test PSNR on the eight Blender scenes with 25 training views. */
    public static final String[] BLENDER_SCENES = {"chair", "drums", "ficus", "hotdog", "lego", "materials", "mic", "ship"};
    public static final Map<String, double[]> ICCV_NERF_PSNR = ordered(
            "relu-pe", new double[] {31.32, 20.18, 24.49, 30.59, 25.90, 25.16, 26.38, 21.46},
            "siren", new double[] {33.31, 24.89, 27.26, 32.85, 29.60, 27.13, 33.28, 22.25},
            "finer", new double[] {33.90, 24.90, 28.70, 33.05, 30.04, 27.05, 33.96, 22.47},
            "sl2a", new double[] {34.70, 24.33, 28.31, 33.83, 30.63, 28.62, 33.88, 23.43});

    /** Preprint: inpainting, SL2A above Gauss by this many dB. */
    public static final double PREPRINT_INPAINT_OVER_GAUSS_DB = 0.44;

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> ordered(Object... pairs) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (V) pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }

    /** The mean of a row. */
    public static double mean(double[] row) {
        double sum = 0;
        for (double v : row) {
            sum += v;
        }
        return sum / row.length;
    }
}
