package io.sl2a.nn.models;

import io.sl2a.nn.checkpoint.CheckpointException;
import java.util.Map;

/** Reads a checkpoint's {@code __metadata__} fields, each missing or malformed one a clear message. */
public final class ModelMetadata {
    public static final String FORMAT = "format";
    public static final String MODEL = "model";
    public static final String IN_FEATURES = "in_features";
    public static final String OUT_FEATURES = "out_features";

    private final Map<String, String> meta;
    private final String source;

    public ModelMetadata(Map<String, String> meta, String source) {
        this.meta = meta;
        this.source = source;
    }

    /** The whole map. */
    public Map<String, String> fields() {
        return meta;
    }

    public String source() {
        return source;
    }

    public String text(String key) {
        String value = meta.get(key);
        if (value == null) {
            throw new CheckpointException(source + ": metadata lacks '" + key + "'");
        }
        return value;
    }

    public int integer(String key) {
        try {
            return Integer.parseInt(text(key));
        } catch (NumberFormatException e) {
            throw new CheckpointException(source + ": metadata '" + key + "' is not an integer");
        }
    }

    public float number(String key) {
        try {
            return Float.parseFloat(text(key));
        } catch (NumberFormatException e) {
            throw new CheckpointException(source + ": metadata '" + key + "' is not a number");
        }
    }

    /** The option's value, read from its metadata key through its codec. */
    public Object value(ModelOption option) {
        String text = text(option.metadataKey());
        try {
            return option.codec().read().apply(text);
        } catch (NumberFormatException e) {
            throw new CheckpointException(source + ": metadata '" + option.metadataKey() + "' is not "
                    + (option.type() == ModelOption.Type.INTEGER ? "an integer" : "a number"));
        }
    }
}
