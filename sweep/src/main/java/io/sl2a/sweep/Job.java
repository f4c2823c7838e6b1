package io.sl2a.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One fit of a sweep: {@code sl2a fit IMAGE --model MODEL OPTIONS --out DIR}, shipped to an executor.
 *
 * @param signal the signal's name (its file name without the extension)
 * @param model the model's name
 * @param image the image's absolute path
 * @param settings the fit options of this job by name without dashes, sorted by name; a flag's
 *     value is "true" (a flag set to "false" is left out)
 * @param runDirectory where the finished run lives (absolute), e.g. OUT/astronaut/siren
 */
public record Job(String signal, String model, String image, SortedMap<String, String> settings, String runDirectory)
        implements Serializable {
    private static final ObjectMapper JSON = new ObjectMapper();

    public Job {
        settings = Collections.unmodifiableSortedMap(new TreeMap<>(settings));
    }

    public Job(String signal, String model, String image, Map<String, String> settings, String runDirectory) {
        this(signal, model, image, new TreeMap<>(settings), runDirectory);
    }

    /** The settings as a JSON object, numbers and flags as JSON numbers and booleans ({"epochs": 3, "lr": 0.001}). */
    public String settingsJson() {
        ObjectNode node = JSON.createObjectNode();
        settings.forEach((name, value) -> node.set(name, jsonValue(value)));
        return node.toString();
    }

    private static JsonNode jsonValue(String value) {
        if (value.equals("true") || value.equals("false")) {
            return BooleanNode.valueOf(Boolean.parseBoolean(value));
        }
        try {
            return JSON.readTree(value).isNumber() ? JSON.readTree(value) : TextNode.valueOf(value);
        } catch (IOException e) {
            return TextNode.valueOf(value);
        }
    }

    /** The arguments of {@code sl2a fit} for this job, writing into {@code out}. */
    public List<String> fitArguments(String out) {
        List<String> arguments = new ArrayList<>(List.of(image, "--model", model));
        settings.forEach((name, value) -> {
            if (value.equals("false")) {
                return;
            }
            arguments.add("--" + name);
            if (!value.equals("true")) {
                arguments.add(value);
            }
        });
        arguments.addAll(List.of("--out", out));
        return arguments;
    }
}
