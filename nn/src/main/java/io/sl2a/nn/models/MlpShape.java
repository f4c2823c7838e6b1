package io.sl2a.nn.models;

import static io.sl2a.nn.models.SharedOptions.LAYERS;
import static io.sl2a.nn.models.SharedOptions.WIDTH;

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

    /**
     * The values of {@link SharedOptions#WIDTH} and {@link SharedOptions#LAYERS}, then {@code more} (option, value,
     * ...).
     */
    OptionValues optionValues(Object... more) {
        Object[] all = new Object[4 + more.length];
        all[0] = WIDTH;
        all[1] = width;
        all[2] = LAYERS;
        all[3] = hiddenLayers;
        System.arraycopy(more, 0, all, 4, more.length);
        return OptionValues.of(all);
    }

    /** The shape the options give: {@link SharedOptions#WIDTH} and {@link SharedOptions#LAYERS}. */
    static MlpShape of(int in, int out, OptionValues values) {
        return new MlpShape(in, out, values.integer(WIDTH), values.integer(LAYERS));
    }
}
