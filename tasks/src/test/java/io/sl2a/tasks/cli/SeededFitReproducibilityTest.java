package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two runs of {@code sl2a fit} with the same seed and options, each in a JVM of its own as a user
 * runs them, end with the same bytes, at a size where every path of the cpu backend runs (the
 * default batch on a 128x128 image: row chunks on every core, the vectorised rows, the products):
 * the JIT compiles the hot loops at a different moment in each run, so a reduction whose order the
 * JIT chooses, or a vendor routine the JIT swaps in for a sine, would show here. SL2A on its grid
 * path and off it, a ReLU MLP and SIREN.
 */
class SeededFitReproducibilityTest {
    @TempDir
    Path temp;

    private Path fit(Path image, String name, String... extra) throws IOException, InterruptedException {
        Path out = temp.resolve(name);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "fit", image.toString(), "--epochs", "3",
                "--seed", "9", "--threads", "2", "--out", out.toString()));
        command.addAll(List.of(extra));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), output);
        return out.resolve("model.safetensors");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sl2a", "sl2a --no-grid", "relu", "siren"})
    void twoRunsWithTheSameSeedEndWithTheSameBytes(String setting) throws Exception {
        Path image = TinyImages.colour(temp, 128, 128);
        String[] words = setting.split(" ");
        List<String> options = new ArrayList<>(List.of("--model", words[0]));
        options.addAll(List.of(words).subList(1, words.length));
        Path first = fit(image, "first", options.toArray(String[]::new));
        Path second = fit(image, "second", options.toArray(String[]::new));
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second), setting + ": the two runs' parameters");
    }
}
