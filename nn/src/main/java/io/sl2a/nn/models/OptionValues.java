package io.sl2a.nn.models;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values of a model's options by option name: those given, and each option's declared default
 * for the rest.
 */
public final class OptionValues {
    private final Map<String, Object> given;

    private OptionValues(Map<String, Object> given) {
        this.given = Collections.unmodifiableMap(new LinkedHashMap<>(given));
    }

    public static OptionValues of(Map<String, Object> given) {
        return new OptionValues(given);
    }

    public static OptionValues none() {
        return new OptionValues(Map.of());
    }

    /** The values given, by option name. */
    public Map<String, Object> given() {
        return given;
    }

    /** Whether the option was given. */
    public boolean has(ModelOption option) {
        return given.containsKey(option.name());
    }

    /** The value given, else the option's default (null where the model works it out). */
    public Object get(ModelOption option) {
        return given.containsKey(option.name()) ? given.get(option.name()) : option.defaultValue();
    }

    public int integer(ModelOption option) {
        return (Integer) get(option);
    }

    public float number(ModelOption option) {
        return (Float) get(option);
    }

    public boolean flag(ModelOption option) {
        return (Boolean) get(option);
    }

    public String text(ModelOption option) {
        return (String) get(option);
    }

    /** Every one of {@code options} with its value: the one given, else that option's default. */
    public OptionValues completedWith(java.util.List<ModelOption> options) {
        Map<String, Object> all = new LinkedHashMap<>(given);
        for (ModelOption option : options) {
            all.putIfAbsent(option.name(), option.defaultValue());
        }
        return new OptionValues(all);
    }

    /** These values with {@code option} set to {@code value} (a task's own default where the user gave none). */
    public OptionValues withDefault(ModelOption option, Object value) {
        if (has(option)) {
            return this;
        }
        Map<String, Object> copy = new LinkedHashMap<>(given);
        copy.put(option.name(), value);
        return new OptionValues(copy);
    }

    /** These values with {@code option} set to {@code value}, given or not ({@code --params} sizing a model). */
    public OptionValues with(ModelOption option, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(given);
        copy.put(option.name(), value);
        return new OptionValues(copy);
    }

    /** A value of every option, in declaration order: what a configuration is made of. */
    public static OptionValues of(Object... optionValuePairs) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < optionValuePairs.length; i += 2) {
            values.put(((ModelOption) optionValuePairs[i]).name(), optionValuePairs[i + 1]);
        }
        return new OptionValues(values);
    }

    @Override
    public String toString() {
        return given.toString();
    }
}
