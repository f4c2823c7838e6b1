package io.sl2a.nn.models;

import java.util.LinkedHashMap;
import java.util.Map;

/** The shape every baseline shares: coordinates in, channels out, hidden width and layer count. */
public record MlpShape(int inFeatures, int outFeatures, int width, int hiddenLayers) {
    public MlpShape {
        require(inFeatures >= 1, "in features must be at least 1, got " + inFeatures);
        require(outFeatures >= 1, "out features must be at least 1, got " + outFeatures);
        require(width >= 1, "width must be at least 1, got " + width);
        require(hiddenLayers >= 0, "layers must be at least 0, got " + hiddenLayers);
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    MlpShape withOutFeatures(int channels) {
        return new MlpShape(inFeatures, channels, width, hiddenLayers);
    }

    /** The metadata every baseline's checkpoint starts with. */
    Map<String, String> metadata(String model) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(ModelMetadata.FORMAT, "sl2a");
        meta.put(ModelMetadata.MODEL, model);
        meta.put("in_features", Integer.toString(inFeatures));
        meta.put("out_features", Integer.toString(outFeatures));
        meta.put("width", Integer.toString(width));
        meta.put("hidden_layers", Integer.toString(hiddenLayers));
        return meta;
    }

    static MlpShape parse(ModelMetadata meta) {
        return new MlpShape(meta.integer("in_features"), meta.integer("out_features"), meta.integer("width"),
                meta.integer("hidden_layers"));
    }
}
