package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.nn.models.ModelRegistry;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import io.sl2a.usermodel.SineBumpModel;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model defined only in test code, in a package of its own and listed only in a service file
 * that is on no class path ({@code src/test/plugin}), as a user's jar would be: with that folder
 * on the class path it fits through {@code sl2a fit --model sine-bump}, with its own option, saves
 * and renders; without it the model is unknown.
 */
class UserModelTest {
    private static final Path PLUGIN = Path.of("src/test/plugin");

    @TempDir
    Path temp;

    /**
     * Runs {@code body} with the plugin folder on the context class path, as the launcher's SL2A_CLASSPATH puts a jar.
     */
    private static <T> T withPlugin(Callable<T> body) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        try (URLClassLoader plugin = new URLClassLoader(new URL[] {PLUGIN.toUri().toURL()}, original)) {
            thread.setContextClassLoader(plugin);
            return body.call();
        } finally {
            thread.setContextClassLoader(original);
        }
    }

    @Test
    void aModelFromAnotherJarFitsSavesAndRenders() throws Exception {
        assertTrue(Files.isRegularFile(PLUGIN.resolve("META-INF/services/io.sl2a.nn.models.ModelSpec")));
        Path image = TinyImages.colour(temp, 24, 16);
        Path out = temp.resolve("fit");
        CliRun fit = withPlugin(() -> CliRun.of("fit", image, "--model", "sine-bump", "--bump", 6, "--width", 12,
                "--epochs",
                5, "--out", out));
        assertEquals(0, fit.exitCode(), fit.stderr());
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals("sine-bump", metrics.get("model").get("model").asText());
        assertEquals(256, metrics.get("batch").asInt(), "the spec's batch");

        ModelCheckpoint saved = withPlugin(() -> ModelCheckpoint.load(out.resolve("model.safetensors")));
        assertEquals(new SineBumpModel(2, 3, 12, 6f), saved.config());
        Path rendered = temp.resolve("render.png");
        CliRun render = withPlugin(() -> CliRun.of("render", out.resolve("model.safetensors"), "--width", 24,
                "--height", 16,
                "--out", rendered));
        assertEquals(0, render.exitCode(), render.stderr());
        Image again = ImageReader.read(rendered);
        Image fitted = ImageReader.read(out.resolve("reconstruction.png"));
        for (int i = 0; i < fitted.pixels().length; i++) {
            assertEquals(fitted.pixels()[i], again.pixels()[i], 1.01f / 255, "the render is the fit's reconstruction");
        }
        CliRun models = withPlugin(() -> CliRun.of("models"));
        assertTrue(models.stdout().lines().anyMatch(l -> l.startsWith("sine-bump: a user's model")), models.stdout());
    }

    @Test
    void withoutItsJarTheModelIsUnknown() throws Exception {
        assertFalse(ModelRegistry.names().contains("sine-bump"));
        Path image = TinyImages.colour(temp, 8, 8);
        CliRun fit = CliRun.of("fit", image, "--model", "sine-bump", "--out", temp.resolve("none"));
        assertEquals(Main.BAD_INPUT, fit.exitCode());
        assertTrue(fit.stderr().contains("unknown model 'sine-bump'"), fit.stderr());
        assertFalse(Files.exists(temp.resolve("none")), "nothing written");
    }
}
