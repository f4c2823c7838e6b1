package io.sl2a.nn.models;

import static io.sl2a.nn.models.SharedOptions.HIDDEN_OMEGA0;
import static io.sl2a.nn.models.SharedOptions.LAYERS;
import static io.sl2a.nn.models.SharedOptions.OMEGA0;
import static io.sl2a.nn.models.SharedOptions.WIDTH;

import io.sl2a.nn.checkpoint.CheckpointException;
import io.sl2a.nn.checkpoint.TensorData;
import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.Activation;
import io.sl2a.nn.layers.IncodeSineLayer;
import io.sl2a.nn.layers.LinearLayer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * INCODE (Kazerouni et al., WACV 2024): a SIREN-shaped composer whose every activation is
 * {@code exp(a) sin(exp(b) omega z + c) + d}, with (a, b, c, d) from a {@link IncodeHarmonizer}
 * that reads the whole training image and trains with the network; the loss adds
 * {@code sum_j penalty_j relu(-coefficient_j)} (the image notebook's 0.1993, 0.0196, 0.0588,
 * 0.0269). Initialisation as SIREN's: the first layer U(+-1/in), the others U(+-sqrt(6/in)/omega),
 * nn.Linear's biases. State_dict names as INCODE's module: {@code net.<i>.linear} and
 * {@code net.<L+1>} for the composer.
 *
 * <p>The network needs its {@link #image} to be built ({@link #withImage}); checkpoints carry it as
 * the tensor {@value #IMAGE_TENSOR} [1, 3, H, W] (INCODE keeps it as the module's
 * {@code ground_truth}, outside its state_dict), so a checkpoint renders on its own.
 */
public record IncodeConfig(MlpShape shape, float firstOmega, float hiddenOmega, IncodeHarmonizer harmonizer,
        float[] penalty,
        IncodeImage image) implements MlpModel {
    public static final String NAME = "incode";
    static final ModelSpec SPEC = new Spec();

    /** The {@value #NAME} model as {@code --model}, {@code sl2a models} and checkpoints know it. */
    public static final class Spec extends DeclaredSpec {
    // INCODE's image notebook: lr 9e-4, the whole image (256 x 256 points) a step.
        public Spec() {
            super(NAME, "INCODE: exp(a) sin(exp(b) omega z + c) + d, a..d from a ResNet-34 stem and MLP over the image",
                    9e-4, 65536,
                    List.of(WIDTH, LAYERS, OMEGA0, HIDDEN_OMEGA0),
                    (in, out, v) -> IncodeConfig.of(MlpShape.of(in, out, v), v.number(OMEGA0),
                            v.number(HIDDEN_OMEGA0)));
        }

        /** The options, and the harmonizer and penalty the metadata also holds. */
        @Override
        public ModelConfig fromMetadata(ModelMetadata meta) {
            return parse(meta);
        }
    }

    @Override
    public ModelSpec spec() {
        return SPEC;
    }

    @Override
    public OptionValues optionValues() {
        return shape.optionValues(OMEGA0, firstOmega, HIDDEN_OMEGA0,
                hiddenOmega);
    }
    public static final String IMAGE_TENSOR = "ground_truth";
    /** The buffer holding the coefficients (a, b, c, d) of the last forward pass. */
    public static final String COEFFICIENTS = "act.harmonizer.mlp2";
    /** The image notebook's regularisation weights of a, b, c, d. */
    public static final float[] PENALTY = {0.1993f, 0.0196f, 0.0588f, 0.0269f};

    public IncodeConfig {
        MlpShape.require(firstOmega > 0 && hiddenOmega > 0,
                "omega must be positive, got " + firstOmega + " and " + hiddenOmega);
        MlpShape.require(penalty.length == 4, "the penalty takes four weights, got " + penalty.length);
        for (float weight : penalty) {
            MlpShape.require(weight >= 0, "penalty weights must not be negative, got " + Arrays.toString(penalty));
        }
        penalty = penalty.clone();
    }

    /** The image notebook's model without its image yet. */
    public static IncodeConfig of(MlpShape shape, float firstOmega, float hiddenOmega) {
        return new IncodeConfig(shape, firstOmega, hiddenOmega, IncodeHarmonizer.IMAGE, PENALTY, null);
    }

    @Override
    public float[] penalty() {
        return penalty.clone();
    }

    public IncodeConfig withImage(IncodeImage picture) {
        return new IncodeConfig(shape, firstOmega, hiddenOmega, harmonizer, penalty, picture);
    }

    @Override
    public LayerGraph graph() {
        if (image == null) {
            throw new IllegalStateException("incode's harmonizer reads the training image: give it with withImage");
        }
        int in = shape.inFeatures();
        int width = shape.width();
        LayerGraph.Builder g = LayerGraph.builder(in);
        String coefficients = harmonizer.emit(g, image, penalty);
        String y = g.input();
        for (int layer = 0; layer <= shape.hiddenLayers(); layer++) {
            int fanIn = layer == 0 ? in : width;
            double bound = layer == 0 ? 1.0 / fanIn : Math.sqrt(6.0 / fanIn) / hiddenOmega;
            y = g.apply("net" + layer, new IncodeSineLayer("net." + layer + ".linear.weight",
                    "net." + layer + ".linear.bias",
                    fanIn, width, layer == 0 ? firstOmega : hiddenOmega, new Initializer.Uniform(bound),
                    new Initializer.Uniform(1.0 / Math.sqrt(fanIn))), y, coefficients);
        }
        int last = shape.hiddenLayers() + 1;
        g.apply("net" + last, new LinearLayer("net." + last + ".weight", "net." + last + ".bias", width,
                shape.outFeatures(),
                Activation.NONE, new Initializer.Uniform(Math.sqrt(6.0 / width) / hiddenOmega),
                new Initializer.Uniform(1.0 / Math.sqrt(width))), y);
        return g.build();
    }

    @Override
    public Map<String, String> metadata() {
        Map<String, String> meta = SPEC.metadata(this);
        meta.put("stem_channels", Integer.toString(harmonizer.stemChannels()));
        meta.put("blocks", Integer.toString(harmonizer.blocks()));
        meta.put("mlp_hidden", harmonizer.hidden1() + "," + harmonizer.hidden2());
        meta.put("mlp_bias", Float.toString(harmonizer.mlpBias()));
        meta.put("penalty", penalty[0] + "," + penalty[1] + "," + penalty[2] + "," + penalty[3]);
        if (image != null) {
            meta.put("image_height", Integer.toString(image.height()));
            meta.put("image_width", Integer.toString(image.width()));
        }
        return meta;
    }

    @Override
    public Map<String, TensorData> floatBuffers() {
        if (image == null) {
            return Map.of();
        }
        Map<String, TensorData> buffers = new LinkedHashMap<>();
        buffers.put(IMAGE_TENSOR, TensorData.f32(new long[] {1, IncodeImage.CHANNELS, image.height(), image.width()},
                image.chw()));
        return buffers;
    }

    /** The image a checkpoint carries, which its metadata's size must match. */
    @Override
    public ModelConfig withCheckpointTensors(Map<String, TensorData> tensors, String source) {
        TensorData t = tensors.get(IMAGE_TENSOR);
        if (t == null || !t.isFloating() || t.shape().length != 4 || t.shape()[0] != 1 || t.shape()[1] != IncodeImage.CHANNELS) {
            throw new CheckpointException(source + ": an incode checkpoint needs its harmonizer's image, the tensor "
                    + IMAGE_TENSOR + " [1, 3, H, W]");
        }
        return withImage(new IncodeImage((int) t.shape()[2], (int) t.shape()[3], t.floats()));
    }

    @Override
    public boolean readsTrainingImage() {
        return true;
    }

    @Override
    public ModelConfig forTrainingImage(float[] pixels, int height, int width, int channels) {
        return withImage(IncodeImage.fromInterleaved(pixels, height, width, channels));
    }

    @Override
    public IncodeConfig withOutFeatures(int channels) {
        return new IncodeConfig(shape.withOutFeatures(channels), firstOmega, hiddenOmega, harmonizer, penalty, image);
    }

    static IncodeConfig parse(ModelMetadata meta) {
        String[] hidden = meta.text("mlp_hidden").split(",");
        String[] weights = meta.text("penalty").split(",");
        if (hidden.length != 2 || weights.length != 4) {
            throw new IllegalArgumentException("mlp_hidden takes two sizes and penalty four weights");
        }
        float[] penalty = new float[4];
        for (int j = 0; j < 4; j++) {
            penalty[j] = Float.parseFloat(weights[j].trim());
        }
        IncodeHarmonizer harmonizer = new IncodeHarmonizer(meta.integer("stem_channels"), meta.integer("blocks"),
                Integer.parseInt(hidden[0].trim()), Integer.parseInt(hidden[1].trim()), meta.number("mlp_bias"));
        IncodeConfig options = (IncodeConfig) ModelSpec.fromOptionMetadata(SPEC, meta);
        return new IncodeConfig(options.shape(), options.firstOmega(), options.hiddenOmega(), harmonizer, penalty,
                null);
    }
}
