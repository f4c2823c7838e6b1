package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.nn.models.FinerConfig;
import io.sl2a.nn.models.MlpShape;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.nn.models.ModelRegistry;
import io.sl2a.nn.models.Sl2aConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code fit --model}: every model fits and renders; options belong to their models; the per-model defaults. */
class ModelOptionsTest {
    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sl2a", "relu", "relu-pe", "siren", "gauss", "wire", "finer", "chebykan", "mfn-fourier",
        "mfn-gabor", "kan", "incode", "fourier-features", "hashgrid", "grid"})
    void everyModelFitsRendersAndResumes(String model) throws Exception {
        Path image = TinyImages.colour(temp, 24, 16);
        Path out = temp.resolve(model);
        CliRun fit = CliRun.of("fit", image, "--out", out, "--epochs", 3, "--model", model, "--width", 16, "--layers",
                2,
                "--batch", 64);
        assertEquals(0, fit.exitCode(), fit.stderr());
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(model, metrics.get("model").get("model").asText());
        assertEquals(model.equals("sl2a") || model.equals("chebykan"), metrics.get("grid_path").asBoolean(),
                "only a first Chebyshev layer (SL2A's, ChebyKAN's) takes the grid");
        // Three epochs of a tiny fit: the PSNR is a finite measurement (its level is the goldens' business).
        double psnr = metrics.get("psnr").asDouble();
        assertTrue(Double.isFinite(psnr) && psnr > 0, "PSNR " + psnr);
        assertEquals(model, ModelCheckpoint.load(out.resolve("model.safetensors")).config().model());
        CliRun render = CliRun.of("render", out.resolve("model.safetensors"), "--width", 30, "--height", 20, "--out",
                temp.resolve(model + ".png"));
        assertEquals(0, render.exitCode(), render.stderr());
        CliRun again = CliRun.of("fit", image, "--out", temp.resolve(model + "-again"), "--epochs", 1, "--init",
                out.resolve("model.safetensors"), "--batch", 64);
        assertEquals(0, again.exitCode(), again.stderr());
    }

    private static void assertRefused(String message, Object... args) {
        CliRun run = CliRun.of(args);
        assertEquals(Main.BAD_INPUT, run.exitCode(), run.stderr());
        assertEquals(List.of("sl2a: " + message), run.messageLines());
    }

    @Test
    void aModelThatReadsTheTrainingImageIsRefusedWhereThereIsNone() throws Exception {
        Path image = TinyImages.colour(temp, 8, 8);
        String message = "--model incode reads the whole training image (its harmonizer): it runs in fit and compare, and"
                + " its checkpoints in render";
        assertRefused(message, "superres", image, "--scale", 2, "--out", temp.resolve("sr"), "--model", "incode");
        assertRefused(message, "inpaint", image, "--out", temp.resolve("inpaint"), "--model", "incode");
        assertFalse(java.nio.file.Files.exists(temp.resolve("sr")), "nothing written");
    }

    @Test
    void optionsOfAnotherModelAndBadValuesAreOneLine() throws Exception {
        Path image = TinyImages.colour(temp, 8, 8);
        Path out = temp.resolve("x");
        assertRefused("--degree does not apply to --model siren (its options: --width, --layers, --omega0, --hidden-omega0)",
                "fit", image, "--out", out, "--model", "siren", "--degree", 8);
        assertRefused("--omega0 does not apply to --model sl2a (its options: --width, --layers, --degree, --rank,"
                + " --no-modulation, --no-relu)", "fit", image, "--out", out, "--omega0", 10);
        assertRefused("--gauss-scale does not apply to --model finer (its options: --width, --layers, --omega0, --hidden-omega0,"
                + " --first-bias-scale)", "fit", image, "--out", out, "--model", "finer", "--gauss-scale", 2);
        assertRefused("unknown model 'mlp': use one of sl2a, relu, relu-pe, siren, gauss, wire, finer, chebykan, mfn-fourier, mfn-gabor, kan, incode, fourier-features, hashgrid, grid (see: sl2a models)",
                "fit", image, "--out", out, "--model", "mlp");
        assertRefused("invalid model options: omega must be positive, got -1.0 and 30.0", "fit", image, "--out", out,
                "--model", "siren", "--omega0", -1);
        assertRefused("invalid model options: scale must be positive, got 0.0", "fit", image, "--out", out, "--model",
                "gauss",
                "--gauss-scale", 0);
        assertRefused("invalid model options: width must be at least 1, got 0", "fit", image, "--out", out, "--model",
                "relu",
                "--width", 0);
        assertRefused("--sigma0 does not apply to --model siren (its options: --width, --layers, --omega0, --hidden-omega0)",
                "fit", image, "--out", out, "--model", "siren", "--sigma0", 3);
        assertRefused("--grid-size does not apply to --model chebykan (its options: --width, --layers, --degree)",
                "fit",
                image, "--out", out, "--model", "chebykan", "--grid-size", 3);
        assertRefused("invalid model options: width must be at least 2 for WIRE's complex layers, got 1", "fit", image,
                "--out", out, "--model", "wire", "--width", 1);
        assertRefused("invalid model options: grid size must be at least 1, got 0", "fit", image, "--out", out,
                "--model",
                "kan", "--grid-size", 0);
        assertRefused("invalid model options: alpha and beta must be positive, got 6.0 and -1.0", "fit", image, "--out",
                out,
                "--model", "mfn-gabor", "--beta", -1);
    }

    @Test
    void theCheckpointDecidesTheModelWithInit() throws Exception {
        Path image = TinyImages.colour(temp, 8, 8);
        Path first = temp.resolve("finer");
        assertEquals(0, CliRun.of("fit", image, "--out", first, "--epochs", 1, "--model", "finer", "--width", 8,
                "--layers",
                1, "--first-bias-scale", 3).exitCode());
        Path checkpoint = first.resolve("model.safetensors");
        assertEquals(new FinerConfig(new MlpShape(2, 3, 8, 1), 30, 30, 3), ModelCheckpoint.load(checkpoint).config());
        Path out = temp.resolve("second");
        assertRefused("--model siren contradicts the checkpoint given with --init (finer)", "fit", image, "--out", out,
                "--init", checkpoint, "--model", "siren");
        assertRefused("--omega0 20.0 contradicts the checkpoint given with --init (30.0)", "fit", image, "--out", out,
                "--init", checkpoint, "--omega0", 20);
        assertRefused("--width 16 contradicts the checkpoint given with --init (8)", "fit", image, "--out", out,
                "--init", checkpoint, "--width", 16);
        assertRefused("--degree does not apply to --model finer (its options: --width, --layers, --omega0, --hidden-omega0,"
                + " --first-bias-scale)", "fit", image, "--out", out, "--init", checkpoint, "--degree", 4);
        assertEquals(0, CliRun.of("fit", image, "--out", out, "--epochs", 1, "--init", checkpoint, "--model", "finer",
                "--first-bias-scale", 3, "--width", 8).exitCode());
    }

    @Test
    void eachModelTrainsWithItsOwnLearningRateAndBatchUnlessTold() throws Exception {
        Path image = TinyImages.colour(temp, 8, 8);
        for (String[] expected : new String[][] {{"sl2a", "0.001", "16384"}, {"relu", "0.001", "1024"}, {"relu-pe",
                "0.001", "1024"},
                {"siren", "0.001", "65536"}, {"gauss", "1.0E-4", "1024"}, {"finer", "1.0E-4", "16384"},
                {"incode", "9.0E-4", "65536"}, {"fourier-features", "0.001", "65536"}, {"hashgrid", "0.01", "65536"},
                {"grid", "0.01", "65536"}}) {
            Path out = temp.resolve("defaults-" + expected[0]);
            CliRun run = CliRun.of("fit", image, "--out", out, "--epochs", 1, "--model", expected[0], "--width", 8,
                    "--layers", 1);
            assertEquals(0, run.exitCode(), run.stderr());
            JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
            assertEquals(Double.parseDouble(expected[1]), metrics.get("lr").asDouble(), 0.0, expected[0]);
            assertEquals(Integer.parseInt(expected[2]), metrics.get("batch").asInt(), expected[0]);
        }
    }

    @Test
    void theModelsCommandListsEveryModelWithItsOptions() {
        CliRun run = CliRun.of("models");
        assertEquals(0, run.exitCode(), run.stderr());
        List<String> lines = run.stdout().lines().toList();
        for (String model : io.sl2a.nn.models.ModelRegistry.names()) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(model + ": ")), model + " listed:\n" + run.stdout());
        }
        assertTrue(lines.contains("  training: --lr 1.0E-4 --batch 16384"), run.stdout());
        assertTrue(lines.stream().anyMatch(l -> l.matches("  --first-bias-scale +20 .*")), run.stdout());
    }

    @Test
    void aModelConfigFileGivesTheWholeConfiguration() throws Exception {
        Path image = TinyImages.colour(temp, 8, 8);
        Path config = java.nio.file.Files.writeString(temp.resolve("siren.json"),
                "{\"model\": \"siren\", \"width\": 12, \"layers\": 1, \"omega0\": 20, \"hidden_omega0\": 25.5}");
        Path out = temp.resolve("from-file");
        CliRun run = CliRun.of("fit", image, "--out", out, "--epochs", 1, "--model-config", config);
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(new io.sl2a.nn.models.SirenConfig(new MlpShape(2, 3, 12, 1), 20, 25.5f),
                ModelCheckpoint.load(out.resolve("model.safetensors")).config());
        Path sl2a = java.nio.file.Files.writeString(temp.resolve("sl2a.json"),
                "{\"degree\": 5, \"width\": 8, \"rank\": \"full\", \"no_relu\": true}");
        CliRun second = CliRun.of("fit", image, "--out", temp.resolve("sl2a"), "--epochs", 1, "--model-config", sl2a);
        assertEquals(0, second.exitCode(), second.stderr());
        assertEquals(new io.sl2a.nn.models.Sl2aConfig(2, 3, 5, 8, 3, 0, true, false),
                ModelCheckpoint.load(temp.resolve("sl2a/model.safetensors")).config());
        assertRefused("--width is given both on the command line and in " + config, "fit", image, "--out",
                temp.resolve("a"),
                "--model-config", config, "--width", 16);
        Path unknown = java.nio.file.Files.writeString(temp.resolve("u.json"), "{\"model\": \"siren\", \"colour\": 3}");
        assertRefused("unknown field \"colour\" in " + unknown, "fit", image, "--out", temp.resolve("b"),
                "--model-config",
                unknown);
        Path wrong = java.nio.file.Files.writeString(temp.resolve("w.json"), "{\"width\": \"wide\"}");
        assertRefused("--width in " + wrong + " must be an integer", "fit", image, "--out", temp.resolve("c"),
                "--model-config",
                wrong);
        Path notJson = java.nio.file.Files.writeString(temp.resolve("n.json"), "[1, 2]");
        assertRefused("--model-config " + notJson + " is not a JSON object", "fit", image, "--out", temp.resolve("d"),
                "--model-config", notJson);
        Path missing = temp.resolve("missing.json");
        assertRefused("cannot read --model-config " + missing + ": no such file", "fit", image, "--out",
                temp.resolve("e"),
                "--model-config", missing);
    }
}
