package io.sl2a.nn.models;

import static io.sl2a.nn.models.SharedOptions.LAYERS;
import static io.sl2a.nn.models.SharedOptions.WIDTH;

import io.sl2a.nn.checkpoint.CheckpointException;
import io.sl2a.nn.checkpoint.TensorData;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.nn.graph.ParameterShape;
import io.sl2a.nn.layers.Activation;
import io.sl2a.nn.layers.ChebyshevLayer;
import io.sl2a.nn.layers.HadamardProduct;
import io.sl2a.nn.layers.LayerNormLayer;
import io.sl2a.nn.layers.LinearLayer;
import io.sl2a.nn.layers.LowRankLayer;
import java.util.List;
import java.util.Map;

/**
 * SL2A-INR (Heidari et al., ICCV 2025): its configuration, its network and its spec. {@code rank ==
 * FULL_RANK} makes the hidden layers dense width x width layers instead of low-rank products.
 * <pre>
 * a   = Chebyshev(coords)                 net.0.cheby
 * x   = LayerNorm(a)                      net.0.norm
 * y_0 = x;  z_l = x * y_(l-1)             (y_(l-1) alone without modulation)
 * y_l = act(LowRank(z_l)) or act(Dense)   net.l, l = 1..L
 * out = Linear(x * y_L)                   net.(L+1)
 * </pre>
 * x fans out to every modulation; the compiler sums its gradient over them. The parameter names
 * are exactly the state_dict of the authors' {@code SL2A} module. Initialisation, with PyTorch's
 * fan rules, as each layer declares it: Chebyshev coefficients [in, out, D+1] Xavier uniform;
 * LayerNorm weight 1, bias 0; low-rank factors Kaiming uniform with a = sqrt(5), their bias
 * U(+-1/sqrt(rank)); dense and output layers nn.Linear's default.
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

    public static final String NAME = "sl2a";
    public static final int FULL_RANK = 0;

    public static final String COEFFICIENTS = "net.0.cheby.cheby_coeffs";
    public static final String ARANGE = "net.0.cheby.arange";
    public static final String NORM_WEIGHT = "net.0.norm.weight";
    public static final String NORM_BIAS = "net.0.norm.bias";

    static final ModelOption DEGREE = ModelOption.integer("degree", 256, ">= 1", "Chebyshev degree");
    static final ModelOption RANK = ModelOption.text("rank", null, "128",
            "rank of the hidden layers (at most the width), or 'full'");
    static final ModelOption NO_MODULATION = ModelOption.flag("no-modulation", "feed y instead of x * y (ablation)")
            .storedAs("modulation", off -> Boolean.toString(!(Boolean) off), text -> !Boolean.parseBoolean(text));
    static final ModelOption NO_RELU = ModelOption.flag("no-relu", "hidden layers without ReLU (ablation)")
            .storedAs("nonlinearity", off -> (Boolean) off ? "none" : "relu", text -> !text.equals("relu"));
    static final ModelSpec SPEC = new Spec();

    /** SL2A as {@code --model sl2a}, {@code sl2a models} and checkpoints know it. */
    public static final class Spec extends DeclaredSpec {
        public Spec() {
            super(NAME, "SL2A-INR: learnable Chebyshev activations, LayerNorm, low-rank ReLU layers modulated by them",
                    1e-3,
                    16384, List.of(WIDTH, LAYERS, DEGREE, RANK, NO_MODULATION, NO_RELU),
                    (in, out, v) -> {
                        int width = v.integer(WIDTH);
                        String rank = v.text(RANK);
                        return new Sl2aConfig(in, out, v.integer(DEGREE), width, v.integer(LAYERS),
                                rank == null ? Math.min(128, width) : parseRank(rank), !v.flag(NO_MODULATION),
                                        !v.flag(NO_RELU));
                    });
        }

        /** A plain state_dict export (no metadata): the configuration read off the shapes. */
        @Override
        public ModelConfig fromTensors(Map<String, TensorData> tensors, String source) {
            return infer(tensors, source);
        }
    }

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
        require(coefficients <= Integer.MAX_VALUE / 4,
                "degree x width x inputs is too large: " + coefficients + " coefficients");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** {@code --rank}'s text: a positive number or {@code full}. */
    public static int parseRank(String text) {
        if (text.equals("full")) {
            return FULL_RANK;
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--rank must be a number or 'full', got '" + text + "'");
        }
        if (value < 1) {
            throw new IllegalArgumentException("--rank must be at least 1 or 'full', got " + text);
        }
        return value;
    }

    @Override
    public ModelSpec spec() {
        return SPEC;
    }

    @Override
    public OptionValues optionValues() {
        return OptionValues.of(WIDTH, width, LAYERS, hiddenLayers, DEGREE, degree, RANK,
                fullRank() ? "full" : Integer.toString(rank), NO_MODULATION, !modulation, NO_RELU, !relu);
    }

    @Override
    public String describe() {
        return "an SL2A network with degree " + degree + ", width " + width + ", " + hiddenLayers
                + " hidden layers of rank " + (fullRank() ? "full" : Integer.toString(rank));
    }

    @Override
    public LayerGraph graph() {
        LayerGraph.Builder g = LayerGraph.builder(inFeatures);
        int w = width;
        String a = g.apply("cheby", new ChebyshevLayer(COEFFICIENTS, inFeatures, w, degree), g.input());
        String x = g.apply("x", new LayerNormLayer(NORM_WEIGHT, NORM_BIAS, w), a);
        Activation activation = relu ? Activation.RELU : Activation.NONE;
        String y = x;
        for (int layer = 1; layer <= hiddenLayers; layer++) {
            String z = modulation ? g.apply("z" + layer, new HadamardProduct(w), x, y) : y;
            String bias = hiddenBias(layer, fullRank());
            y = g.apply("y" + layer, fullRank()
                    ? new LinearLayer(denseWeight(layer), bias, w, w, activation)
                    : new LowRankLayer(weightLeft(layer), weightRight(layer), bias, w, rank, activation), z);
        }
        int output = hiddenLayers + 1;
        String z = modulation ? g.apply("z" + output, new HadamardProduct(w), x, y) : y;
        g.apply("out", new LinearLayer(outputWeight(this), outputBias(this), w, outFeatures, Activation.NONE), z);
        return g.build();
    }

    public boolean fullRank() {
        return rank == FULL_RANK;
    }

    @Override
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

    public static String weightLeft(int layer) {
        return "net." + layer + ".weight_left";
    }

    public static String weightRight(int layer) {
        return "net." + layer + ".weight_right";
    }

    /** Bias of a hidden layer (low-rank or dense). */
    public static String hiddenBias(int layer, boolean fullRank) {
        return fullRank ? "net." + layer + ".linear.bias" : "net." + layer + ".bias";
    }

    public static String denseWeight(int layer) {
        return "net." + layer + ".linear.weight";
    }

    public static String outputWeight(Sl2aConfig config) {
        return "net." + (config.hiddenLayers() + 1) + ".weight";
    }

    public static String outputBias(Sl2aConfig config) {
        return "net." + (config.hiddenLayers() + 1) + ".bias";
    }

    /** Trainable parameters in state_dict order. */
    public static List<ParameterShape> parameters(Sl2aConfig c) {
        return c.graph().trainableParameters().stream().map(Parameter::shape).toList();
    }

    /** Configuration of a plain state_dict export (no metadata): read off the shapes. */
    static Sl2aConfig infer(Map<String, TensorData> tensors, String source) {
        TensorData coefficients = tensors.get(COEFFICIENTS);
        if (coefficients == null || coefficients.shape().length != 3) {
            throw new CheckpointException(source + ": not an SL2A checkpoint (no " + COEFFICIENTS + " tensor of rank 3)");
        }
        int in = (int) coefficients.shape()[0];
        int w = (int) coefficients.shape()[1];
        int d = (int) coefficients.shape()[2] - 1;
        int layers = 0;
        while (tensors.containsKey(weightLeft(layers + 1)) || tensors.containsKey(denseWeight(layers + 1))) {
            layers++;
        }
        boolean full = layers > 0 && tensors.containsKey(denseWeight(1));
        int r = full || layers == 0 ? FULL_RANK : (int) tensors.get(weightLeft(1)).shape()[1];
        TensorData output = tensors.get("net." + (layers + 1) + ".weight");
        if (output == null || output.shape().length != 2) {
            throw new CheckpointException(source + ": missing output layer tensor net." + (layers + 1) + ".weight");
        }
        try {
            return new Sl2aConfig(in, (int) output.shape()[0], d, w, layers, r, true, true);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(source + ": shapes describe an invalid model: " + e.getMessage());
        }
    }
}
