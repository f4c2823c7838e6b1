package io.sl2a.nn.models;

import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.Activation;
import io.sl2a.nn.layers.ConcatLayer;
import io.sl2a.nn.layers.LinearLayer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A radiance field: any model of the library as the position network (3-D point in,
 * {@code features} out), a linear density head on those features, and a colour head, an MLP of
 * {@code colorLayers} ReLU layers of {@code colorWidth} on the view direction beside the features,
 * as FINER's NeRF network (a torch-ngp patch) feeds its colour net. Its output per sample is the
 * raw density and the raw colour that volume rendering takes (exp, sigmoid).
 *
 * <p>Inputs: the coordinates are the sample's position; the view direction is the row input
 * {@value #DIRECTIONS}. State_dict names: the position model's own, {@code density.*},
 * {@code color_net.<i>.*}; the checkpoint's metadata holds the position model's under
 * {@code position.}.
 */
public record NerfFieldConfig(ModelConfig position, int features, int colorWidth,
        int colorLayers) implements ModelConfig {
    public static final String NAME = "nerf";
    /** The view directions' buffer (unit vectors, a row per sample). */
    public static final String DIRECTIONS = "input.directions";
    private static final String PREFIX = "position.";

    public NerfFieldConfig {
        MlpShape.require(position.inFeatures() == 3,
                "the position network takes 3-D points, not " + position.inFeatures());
        MlpShape.require(position.outFeatures() == features, "the position network gives " + position.outFeatures()
                + " features, not " + features);
        MlpShape.require(features >= 1 && colorWidth >= 1 && colorLayers >= 1,
                "a field needs features and a colour head, got "
                + features + ", " + colorWidth + ", " + colorLayers);
        MlpShape.require(!position.readsTrainingImage(),
                position.model() + " cannot be a position network: it reads an image");
    }

    /** The field for {@code model} as its position network, which is given {@code features} outputs. */
    public static NerfFieldConfig of(ModelConfig model, int features, int colorWidth, int colorLayers) {
        return new NerfFieldConfig(model.withOutFeatures(features), features, colorWidth, colorLayers);
    }

    @Override
    public String model() {
        return NAME;
    }

    /** A radiance field is no model of {@code --model}: the nerf task builds one around a model. */
    @Override
    public ModelSpec spec() {
        throw new UnsupportedOperationException("a radiance field is built by the nerf task around a model of --model");
    }

    @Override
    public OptionValues optionValues() {
        return OptionValues.none();
    }

    @Override
    public int inFeatures() {
        return 3;
    }

    @Override
    public int outFeatures() {
        return 4;
    }

    @Override
    public LayerGraph graph() {
        LayerGraph.Builder g = LayerGraph.builder(3);
        String directions = g.rowInput("directions", 3);
        String h = g.include("position.", position.graph(), g.input());
        String density = g.apply("density", new LinearLayer("density.weight", "density.bias", features, 1,
                Activation.NONE), h);
        String y = g.apply("color_in", new ConcatLayer(3, features), directions, h);
        int in = 3 + features;
        for (int layer = 0; layer < colorLayers; layer++) {
            y = g.apply("color" + layer, new LinearLayer("color_net." + layer + ".weight",
                    "color_net." + layer + ".bias",
                    layer == 0 ? in : colorWidth, colorWidth, Activation.RELU), y);
        }
        String colour = g.apply("color" + colorLayers, new LinearLayer("color_net." + colorLayers + ".weight",
                "color_net."
                + colorLayers + ".bias", colorWidth, 3, Activation.NONE), y);
        g.apply("field", new ConcatLayer(1, 3), density, colour);
        return g.build();
    }

    @Override
    public Map<String, String> metadata() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(ModelMetadata.FORMAT, "sl2a");
        meta.put(ModelMetadata.MODEL, NAME);
        meta.put("features", Integer.toString(features));
        meta.put("color_width", Integer.toString(colorWidth));
        meta.put("color_layers", Integer.toString(colorLayers));
        position.metadata().forEach((key, value) -> meta.put(PREFIX + key, value));
        if (!position.metadata().containsKey(ModelMetadata.MODEL)) {
            meta.put(PREFIX + ModelMetadata.MODEL, position.model()); // SL2A's metadata predates the field
        }
        return meta;
    }

    @Override
    public ModelConfig withOutFeatures(int channels) {
        if (channels != 4) {
            throw new IllegalArgumentException("a radiance field gives 4 values a sample, not " + channels);
        }
        return this;
    }

    static NerfFieldConfig parse(ModelMetadata meta, Map<String, String> all, String source) {
        Map<String, String> inner = new LinkedHashMap<>();
        all.forEach((key, value) -> {
            if (key.startsWith(PREFIX)) {
                inner.put(key.substring(PREFIX.length()), value);
            }
        });
        ModelConfig position = ModelRegistry.fromMetadata(inner, source + " (position network)");
        return new NerfFieldConfig(position, meta.integer("features"), meta.integer("color_width"),
                meta.integer("color_layers"));
    }
}
