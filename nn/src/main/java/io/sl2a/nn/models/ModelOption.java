package io.sl2a.nn.models;

import java.util.function.Function;

/**
 * One option of a model, declared once: its name (the CLI flag is {@code --name}, the JSON key of
 * {@code --model-config} is the name with '_' for '-'), its type and default, the key its value
 * has in a checkpoint's metadata, its valid range and its help. tiny-cuda-nn's encodings are the
 * model: every default is stated where the option is declared, nowhere else.
 *
 * @param name        e.g. {@code hidden-omega0}
 * @param type        how its value is read and written
 * @param defaultValue the value when it is not given ({@code null}: the model works it out, and
 *                    {@code defaultText} says how)
 * @param defaultText the default as help shows it
 * @param metadataKey the checkpoint metadata key (older checkpoints fix some, e.g. {@code hidden_layers})
 * @param range       the valid values in words, e.g. {@code >= 1} (the model's configuration enforces them)
 * @param help        one line
 * @param codec       how the value is written to and read from metadata
 */
public record ModelOption(String name, Type type, Object defaultValue, String defaultText, String metadataKey,
        String range,
        String help, Codec codec) {

    /** The kinds of value an option takes. */
    public enum Type {
        INTEGER(Integer.class), NUMBER(Float.class), FLAG(Boolean.class), TEXT(String.class);

        private final Class<?> javaType;

        Type(Class<?> javaType) {
            this.javaType = javaType;
        }

        /** The Java type a value of this kind has (Integer, Float, Boolean, String). */
        public Class<?> javaType() {
            return javaType;
        }
    }

    /** A value to and from its metadata text. */
    public record Codec(Function<Object, String> write, Function<String, Object> read) {
    }

    public ModelOption {
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("an option name is lower case with dashes: " + name);
        }
        if (defaultValue != null && !type.javaType().isInstance(defaultValue)) {
            throw new IllegalArgumentException("option " + name + " is " + type + " but its default is " + defaultValue);
        }
    }

    public static ModelOption integer(String name, int defaultValue, String range, String help) {
        return new ModelOption(name, Type.INTEGER, defaultValue, Integer.toString(defaultValue), key(name), range, help,
                standard(Type.INTEGER));
    }

    /**
     * An integer whose default the model works out (from the signal's dimension, say): null as a
     * value, {@code defaultText} saying how in help.
     */
    public static ModelOption integerWorkedOut(String name, String defaultText, String range, String help) {
        return new ModelOption(name, Type.INTEGER, null, defaultText, key(name), range, help, standard(Type.INTEGER));
    }

    public static ModelOption number(String name, float defaultValue, String range, String help) {
        return new ModelOption(name, Type.NUMBER, defaultValue, trimmed(defaultValue), key(name), range, help,
                standard(Type.NUMBER));
    }

    /** An on/off switch, off unless given. */
    public static ModelOption flag(String name, String help) {
        return new ModelOption(name, Type.FLAG, false, "off", key(name), "", help, standard(Type.FLAG));
    }

    /** Free text; {@code defaultValue} null when the model works the default out ({@code defaultText} says how). */
    public static ModelOption text(String name, String defaultValue, String defaultText, String help) {
        return new ModelOption(name, Type.TEXT, defaultValue, defaultText, key(name), "", help, standard(Type.TEXT));
    }

    /** The same option with another default (a model's own: WIRE's width 300). */
    public ModelOption withDefault(Object value) {
        return new ModelOption(name, type, value, value instanceof Float f ? trimmed(f) : String.valueOf(value),
                metadataKey,
                range, help, codec);
    }

    /** The same option with another help line. */
    public ModelOption withHelp(String text) {
        return new ModelOption(name, type, defaultValue, defaultText, metadataKey, range, text, codec);
    }

    /** The same option with another valid range (in words, as help shows it). */
    public ModelOption withRange(String text) {
        return new ModelOption(name, type, defaultValue, defaultText, metadataKey, text, help, codec);
    }

    /** The same option under another metadata key (fixed by the checkpoints already written). */
    public ModelOption storedAs(String key) {
        return new ModelOption(name, type, defaultValue, defaultText, key, range, help, codec);
    }

    /** The same option stored under {@code key} in its own words (SL2A's {@code nonlinearity: relu|none}). */
    public ModelOption storedAs(String key, Function<Object, String> write, Function<String, Object> read) {
        return new ModelOption(name, type, defaultValue, defaultText, key, range, help, new Codec(write, read));
    }

    /** The command-line flag. */
    public String flag() {
        return "--" + name;
    }

    /** The key in a {@code --model-config} JSON object. */
    public String jsonKey() {
        return key(name);
    }

    private static String key(String name) {
        return name.replace('-', '_');
    }

    private static String trimmed(float value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Float.toString(value);
    }

    private static Codec standard(Type type) {
        return new Codec(String::valueOf, text -> switch (type) {
            case INTEGER -> Integer.parseInt(text.trim());
            case NUMBER -> Float.parseFloat(text.trim());
            case FLAG -> Boolean.parseBoolean(text.trim());
            case TEXT -> text;
        });
    }
}
