package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.nn.models.ModelOption;
import io.sl2a.nn.models.ModelRegistry;
import io.sl2a.nn.models.ModelSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every numeric option of every registered model, at the edge of the range {@code sl2a models}
 * shows for it and just past it: at the edge a one-epoch fit runs; past it the fit is refused in one
 * line, exit 2, with nothing written. So the range a user reads is the range that is enforced. (For
 * {@code > N}, the edge is N + 1e-3.)
 */
class ModelOptionBoundsTest {
    private static final Pattern RANGE = Pattern.compile("(>=|>) (-?[0-9.]+)");

    @TempDir
    Path temp;

    static Stream<Arguments> boundedOptions() {
        List<Arguments> all = new ArrayList<>();
        for (ModelSpec spec : ModelRegistry.specs()) {
            for (ModelOption option : spec.options()) {
                if (option.type() != ModelOption.Type.INTEGER && option.type() != ModelOption.Type.NUMBER) {
                    continue;
                }
                Matcher m = RANGE.matcher(option.range());
                assertTrue(m.matches(), spec.name() + " --" + option.name() + ": a range this test reads, not '"
                        + option.range() + "'");
                all.add(Arguments.of(spec.name(), option.name(), option.type(), m.group(1), Double.parseDouble(m.group(2))));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} --{1} {3} {4}")
    @MethodSource("boundedOptions")
    void atTheEdgeItFitsAndPastItItIsRefused(String model, String option, ModelOption.Type type, String relation,
            double bound) throws Exception {
        Path image = TinyImages.colour(temp, 6, 5);
        boolean integer = type == ModelOption.Type.INTEGER;
        double edge = relation.equals(">=") ? bound : bound + (integer ? 1 : 1e-3);
        double past = relation.equals(">=") ? bound - (integer ? 1 : 1e-3) : bound;

        Path fitted = temp.resolve("edge");
        CliRun atEdge = CliRun.of(args(image, fitted, model, option, text(edge, integer)).toArray());
        // 0, or 3 where a value this extreme makes the loss diverge (WIRE's --sigma0 0.001): either way it trained
        assertTrue(atEdge.exitCode() == 0 || atEdge.exitCode() == 3, "--" + option + " " + text(edge, integer) + ": "
                + atEdge.stderr());
        assertTrue(Files.exists(fitted.resolve("model.safetensors")));

        Path refused = temp.resolve("past");
        CliRun pastEdge = CliRun.of(args(image, refused, model, option, text(past, integer)).toArray());
        assertEquals(Main.BAD_INPUT, pastEdge.exitCode(), "--" + option + " " + text(past, integer) + " was accepted");
        assertEquals(1, pastEdge.messageLines().size(), pastEdge.stderr());
        assertTrue(pastEdge.messageLines().get(0).startsWith("sl2a: invalid model options: "), pastEdge.stderr());
        assertFalse(Files.exists(refused.resolve("model.safetensors")), "nothing written");
    }

    private static List<Object> args(Path image, Path out, String model, String option, String value) {
        List<Object> args = new ArrayList<>(List.of("fit", image, "--model", model, "--epochs", 1, "--threads", 1,
                "--out", out, "--" + option, value));
        if (!option.equals("width")) {
            args.addAll(List.of("--width", 8));
        }
        if (!option.equals("layers")) {
            args.addAll(List.of("--layers", 1));
        }
        return args;
    }

    private static String text(double value, boolean integer) {
        return integer ? Long.toString(Math.round(value)) : String.format(Locale.ROOT, "%s", value);
    }
}
