package io.sl2a.nn.model;

import io.sl2a.nn.checkpoint.CheckpointMetadata;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.models.ModelConfig;
import java.util.Map;

/**
 * The shape of an SL2A network. {@code rank == FULL_RANK} makes the hidden layers dense
 * width x width layers instead of low-rank products.
 *
 * @param inFeatures   coordinate dimensions (2 for images)
 * @param outFeatures  signal channels (3 for colour, 1 for grey)
 * @param degree       Chebyshev degree D (D+1 coefficients per input-output pair)
 * @param width        hidden width
 * @param hiddenLayers number of low-rank (or dense) ReLU layers after the LA block
 * @param rank         rank of the hidden layers, or {@link #FULL_RANK}
 * @param modulation   whether each later layer sees {@code x * y} (the Hadamard skip) or just y
 * @param relu         whether the hidden layers apply ReLU
 */
public record Sl2aConfig(int inFeatures, int outFeatures, int degree, int width, int hiddenLayers, int rank,
        boolean modulation, boolean relu) implements ModelConfig {

    public static final int FULL_RANK = 0;

    /** The authors' published defaults for 2-D images. */
    public static Sl2aConfig reference(int outFeatures) {
        return new Sl2aConfig(2, outFeatures, 256, 256, 3, 128, true, true);
    }

    public Sl2aConfig {
        require(inFeatures >= 1, "in features must be at least 1, got " + inFeatures);
        require(outFeatures >= 1, "out features must be at least 1, got " + outFeatures);
        require(degree >= 1, "degree must be at least 1, got " + degree);
        require(width >= 1, "width must be at least 1, got " + width);
        require(hiddenLayers >= 0, "layers must be at least 0, got " + hiddenLayers);
        require(rank >= 0, "rank must be at least 1 (or full), got " + rank);
        require(rank <= width, "rank (" + rank + ") must not exceed width (" + width + ")");
        long coefficients = (long) inFeatures * width * (degree + 1);
        require(coefficients <= Integer.MAX_VALUE / 4, "degree x width x inputs is too large: " + coefficients + " coefficients");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    @Override
    public String model() {
        return "sl2a";
    }

    @Override
    public LayerGraph graph() {
        return Sl2aModel.graph(this);
    }

    @Override
    public Map<String, String> metadata() {
        return CheckpointMetadata.of(this);
    }

    /** The authors' module registers arange(0, degree + 1) beside the coefficients. */
    @Override
    public Map<String, long[]> integerBuffers() {
        long[] arange = new long[degree + 1];
        java.util.Arrays.setAll(arange, k -> k);
        return Map.of(Sl2aLayout.ARANGE, arange);
    }

    public boolean fullRank() {
        return rank == FULL_RANK;
    }

    public Sl2aConfig withOutFeatures(int channels) {
        return new Sl2aConfig(inFeatures, channels, degree, width, hiddenLayers, rank, modulation, relu);
    }

    /** Number of trainable parameters (the arange buffer is not one). */
    @Override
    public long parameterCount() {
        long count = (long) inFeatures * width * (degree + 1) + 2L * width;
        long hidden = fullRank() ? (long) width * width + width : 2L * width * rank + width;
        count += hiddenLayers * hidden;
        count += (long) outFeatures * width + outFeatures;
        return count;
    }

    /**
     * Floating-point operations of one training step per sample (forward, backward, Adam excluded):
     * the multiply-adds of every product counted as two, three products per forward one.
     */
    public double trainingFlopsPerSample() {
        double chebyshev = 2.0 * inFeatures * (degree + 1) * width;
        double hidden = fullRank() ? 2.0 * width * width : 2.0 * (2.0 * width * rank);
        double output = 2.0 * width * outFeatures;
        // Backward: the Chebyshev block needs only its coefficient gradient (one product), the
        // others need the weight gradient and the input gradient (two products each).
        return chebyshev * 2 + hiddenLayers * hidden * 3 + output * 3;
    }
}
