package io.sl2a.nn.checkpoint;

import io.sl2a.nn.model.Sl2aConfig;
import io.sl2a.nn.model.Sl2aLayout;
import java.util.LinkedHashMap;
import java.util.Map;

/** The model configuration as the string map of a safetensors {@code __metadata__}. */
public final class CheckpointMetadata {
    public static final String FORMAT = "format";

    private CheckpointMetadata() {
    }

    public static Map<String, String> of(Sl2aConfig c) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(FORMAT, "sl2a");
        meta.put("in_features", Integer.toString(c.inFeatures()));
        meta.put("out_features", Integer.toString(c.outFeatures()));
        meta.put("degree", Integer.toString(c.degree()));
        meta.put("width", Integer.toString(c.width()));
        meta.put("hidden_layers", Integer.toString(c.hiddenLayers()));
        meta.put("rank", c.fullRank() ? "full" : Integer.toString(c.rank()));
        meta.put("modulation", Boolean.toString(c.modulation()));
        meta.put("nonlinearity", c.relu() ? "relu" : "none");
        return meta;
    }

    public static Sl2aConfig parse(Map<String, String> meta, String source) {
        if (!"sl2a".equals(meta.get(FORMAT))) {
            throw new CheckpointException(source + ": metadata format is '" + meta.get(FORMAT) + "', expected 'sl2a'");
        }
        String rank = text(meta, "rank", source);
        try {
            return new Sl2aConfig(number(meta, "in_features", source), number(meta, "out_features", source),
                    number(meta, "degree", source), number(meta, "width", source), number(meta, "hidden_layers", source),
                    rank.equals("full") ? Sl2aConfig.FULL_RANK : number(meta, "rank", source),
                    Boolean.parseBoolean(text(meta, "modulation", source)),
                    text(meta, "nonlinearity", source).equals("relu"));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(source + ": metadata describes an invalid model: " + e.getMessage());
        }
    }

    /** Configuration of a plain state_dict export (no metadata): read off the shapes. */
    public static Sl2aConfig infer(Map<String, TensorData> tensors, String source) {
        TensorData coefficients = tensors.get(Sl2aLayout.COEFFICIENTS);
        if (coefficients == null || coefficients.shape().length != 3) {
            throw new CheckpointException(source + ": not an SL2A checkpoint (no " + Sl2aLayout.COEFFICIENTS
                    + " tensor of rank 3)");
        }
        int in = (int) coefficients.shape()[0];
        int width = (int) coefficients.shape()[1];
        int degree = (int) coefficients.shape()[2] - 1;
        int layers = 0;
        while (tensors.containsKey(Sl2aLayout.weightLeft(layers + 1))
                || tensors.containsKey(Sl2aLayout.denseWeight(layers + 1))) {
            layers++;
        }
        boolean fullRank = layers > 0 && tensors.containsKey(Sl2aLayout.denseWeight(1));
        int rank = fullRank || layers == 0 ? Sl2aConfig.FULL_RANK : (int) tensors.get(Sl2aLayout.weightLeft(1)).shape()[1];
        TensorData output = tensors.get("net." + (layers + 1) + ".weight");
        if (output == null || output.shape().length != 2) {
            throw new CheckpointException(source + ": missing output layer tensor net." + (layers + 1) + ".weight");
        }
        try {
            return new Sl2aConfig(in, (int) output.shape()[0], degree, width, layers, rank, true, true);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(source + ": shapes describe an invalid model: " + e.getMessage());
        }
    }

    private static String text(Map<String, String> meta, String key, String source) {
        String value = meta.get(key);
        if (value == null) {
            throw new CheckpointException(source + ": metadata lacks '" + key + "'");
        }
        return value;
    }

    private static int number(Map<String, String> meta, String key, String source) {
        try {
            return Integer.parseInt(text(meta, key, source));
        } catch (NumberFormatException e) {
            throw new CheckpointException(source + ": metadata '" + key + "' is not an integer");
        }
    }
}
