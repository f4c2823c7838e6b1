package io.sl2a.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.tasks.io.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sweep file (docs/sweeps.md): the signals, the models, a grid of settings, the options every
 * job shares, and whether to select each model's best setting and run it again ({@code final}).
 *
 * @param signals the tuning signals (files, directories or globs, relative to the file's directory)
 * @param models the models' names
 * @param grid each swept option's values, in the file's order
 * @param options the options of every job (name without dashes to value)
 * @param select whether to run the final stage
 * @param finalSignals the final stage's signals (the tuning ones unless the file names others)
 * @param finalOptions the options that the final stage changes (e.g. more epochs)
 * @param base the directory relative signal paths start from
 */
record SweepPlan(List<String> signals, List<String> models, Map<String, List<String>> grid, Map<String, String> options,
        boolean select, List<String> finalSignals, Map<String, String> finalOptions, Path base) {
    private static final String SIGNALS = "signals";
    private static final String MODELS = "models";
    private static final String GRID = "grid";
    private static final String SELECT = "select";
    private static final String FINAL = "final";

    static SweepPlan read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UserInputException("cannot read sweep " + file + ": " + (Files.exists(file)
                    ? "not JSON (" + firstLine(e.getMessage()) + ")" : "no such file"));
        }
        if (root == null || !root.isObject()) {
            throw new UserInputException("sweep " + file + " is not a JSON object");
        }
        Path base = file.toAbsolutePath().getParent();
        List<String> signals = texts(root.get(SIGNALS), file, SIGNALS);
        List<String> models = texts(root.get(MODELS), file, MODELS);
        models.forEach(ModelNames::require);
        Map<String, List<String>> grid = new LinkedHashMap<>();
        JsonNode gridNode = root.path(GRID);
        if (!gridNode.isMissingNode() && !gridNode.isObject()) {
            throw new UserInputException("\"grid\" in " + file + " must be an object of lists");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = gridNode.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> axis = it.next();
            List<String> values = new ArrayList<>();
            if (!axis.getValue().isArray() || axis.getValue().isEmpty()) {
                throw new UserInputException("\"grid\"." + axis.getKey() + " in " + file + " must be a list of values");
            }
            axis.getValue().forEach(v -> values.add(optionValue(v, file, GRID + "." + axis.getKey())));
            grid.put(flagName(axis.getKey()), values);
        }
        JsonNode select = root.path(SELECT);
        if (!select.isMissingNode() && !select.isBoolean()) {
            throw new UserInputException("\"select\" in " + file + " must be true or false");
        }
        JsonNode finalNode = root.path(FINAL);
        if (!finalNode.isMissingNode() && !finalNode.isObject()) {
            throw new UserInputException("\"final\" in " + file + " must be an object");
        }
        List<String> finalSignals = finalNode.has(SIGNALS) ? texts(finalNode.get(SIGNALS), file, FINAL + "." + SIGNALS)
                : signals;
        Map<String, String> options = options(root, file, "");
        for (String name : grid.keySet()) {
            if (options.containsKey(name)) {
                throw new UserInputException("\"" + name + "\" in " + file + " is both swept (grid) and fixed");
            }
        }
        return new SweepPlan(signals, models, grid, options, select.asBoolean(false), finalSignals,
                options(finalNode, file, FINAL + "."), base);
    }

    /** Every setting of the grid (its cartesian product, the first axis slowest); one empty setting without a grid. */
    List<Map<String, String>> settings() {
        List<Map<String, String>> settings = new ArrayList<>(List.of(new TreeMap<>()));
        grid.forEach((name, values) -> {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> setting : settings) {
                for (String value : values) {
                    Map<String, String> more = new TreeMap<>(setting);
                    more.put(name, value);
                    next.add(more);
                }
            }
            settings.clear();
            settings.addAll(next);
        });
        return settings;
    }

    /** The keys of {@code node} that are options (all but the sweep's own), by name. */
    private static Map<String, String> options(JsonNode node, Path file, String prefix) {
        Map<String, String> options = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            if (List.of(SIGNALS, MODELS, GRID, SELECT, FINAL).contains(key)) {
                continue;
            }
            if (List.of("out", "model", "model-config", "resume", "init").contains(flagName(key))) {
                throw new UserInputException("\"" + prefix + key + "\" in " + file + " is set by the sweep itself, or not"
                        + " supported in sweeps");
            }
            options.put(flagName(key), optionValue(field.getValue(), file, prefix + key));
        }
        return options;
    }

    /** An option's name as fit's flag has it: JSON keys may use _ for - (as --model-config does). */
    private static String flagName(String key) {
        return key.replace('_', '-');
    }

    private static String optionValue(JsonNode value, Path file, String where) {
        if (!value.isValueNode() || value.isNull()) {
            throw new UserInputException("\"" + where + "\" in " + file + " must be a number, a string or a boolean");
        }
        return value.asText();
    }

    private static List<String> texts(JsonNode node, Path file, String where) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new UserInputException("sweep " + file + " needs \"" + where + "\": a list of names");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw new UserInputException("\"" + where + "\" in " + file + " must list strings");
            }
            texts.add(item.asText());
        }
        return texts;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
