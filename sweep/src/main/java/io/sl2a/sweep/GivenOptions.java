package io.sl2a.sweep;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The fit options given on a sweep command's line, to hand to each job's {@code fit} as they
 * were typed: picocli has parsed and checked them with the same option declarations that
 * {@code fit} mixes in, so a typo is refused before Spark starts.
 */
final class GivenOptions {
    private GivenOptions() {
    }

    /** The options given to {@code command} but those named in {@code own}, by name without dashes. */
    static Map<String, String> of(CommandSpec command, Set<String> own) {
        Map<String, String> given = new TreeMap<>();
        for (OptionSpec option : command.commandLine().getParseResult().matchedOptions()) {
            if (own.contains(option.longestName())) {
                continue;
            }
            List<String> typed = option.originalStringValues();
            // A flag has no value; a repeated option counts once, with its last value (as fit takes it).
            String value = option.arity().max() == 0 || typed.isEmpty() ? "true" : typed.getLast();
            given.put(option.longestName().replaceFirst("^--?", ""), value);
        }
        return given;
    }
}
