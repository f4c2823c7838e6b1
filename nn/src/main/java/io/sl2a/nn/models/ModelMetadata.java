package io.sl2a.nn.models;

import io.sl2a.nn.checkpoint.CheckpointException;
import java.util.Map;

/** Reads a checkpoint's {@code __metadata__} fields, each missing or malformed one a clear message. */
public final class ModelMetadata {
    public static final String FORMAT = "format";
    public static final String MODEL = "model";

    private final Map<String, String> meta;
    private final String source;

    ModelMetadata(Map<String, String> meta, String source) {
        this.meta = meta;
        this.source = source;
    }

    String text(String key) {
        String value = meta.get(key);
        if (value == null) {
            throw new CheckpointException(source + ": metadata lacks '" + key + "'");
        }
        return value;
    }

    int integer(String key) {
        try {
            return Integer.parseInt(text(key));
        } catch (NumberFormatException e) {
            throw new CheckpointException(source + ": metadata '" + key + "' is not an integer");
        }
    }

    float number(String key) {
        try {
            return Float.parseFloat(text(key));
        } catch (NumberFormatException e) {
            throw new CheckpointException(source + ": metadata '" + key + "' is not a number");
        }
    }
}
