package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.checkpoint.Safetensors;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.nn.train.GridCoordinates;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints cross between this library and the authors' PyTorch module (reference/): one written
 * here loads into the PyTorch module with strict loading and computes the same raw outputs (and
 * the same image), and one written by PyTorch loads here and computes the same raw outputs. Needs Debian's
 * python3-torch at
 * /usr/bin/python3 (.ci/run installs it); skipped with a message where it is absent.
 */
class PytorchCheckpointInteropTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path REFERENCE = Path.of("..", "reference").toAbsolutePath().normalize();
    /** PNG rounding of values computed in two float32 programs may differ by one level. */
    private static final float ONE_LEVEL = 1.0f / 255.0f + 1e-6f;

    @TempDir
    Path temp;

    @BeforeAll
    static void requireTorch() throws Exception {
        boolean available = Files.isExecutable(PYTHON)
                && python(List.of("-c", "import torch"), REFERENCE).exitCode == 0;
        assumeTrue(available, "skipped: /usr/bin/python3 cannot import torch (apt-get install python3-torch)");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result python(List<String> args, Path workingDirectory) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(PYTHON.toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, "timed out: " + output);
        }
        return new Result(process.exitValue(), output);
    }

    /** PyTorch's raw float outputs of the checkpoint on the image grid, [H*W, C]; strict loading. */
    private float[] pytorchOutputs(Path checkpoint, int width, int height) throws Exception {
        Path raw = temp.resolve("pytorch-raw.safetensors");
        Result result = python(List.of(REFERENCE.resolve("render_checkpoint.py").toString(), checkpoint.toString(),
                "--width", "" + width, "--height", "" + height, "--out", temp.resolve("pytorch.png").toString(),
                "--raw", raw.toString()), REFERENCE);
        assertEquals(0, result.exitCode, "PyTorch could not load or render the checkpoint:\n" + result.output);
        return Safetensors.read(raw).tensors().get("output").floats();
    }

    /** This library's raw outputs of the checkpoint at the same coordinates, before any clamping. */
    private static float[] javaOutputs(Path checkpoint, int width, int height) {
        ModelCheckpoint model = ModelCheckpoint.load(checkpoint);
        try (CpuBackend backend = new CpuBackend(2, CpuBackend.GemmChoice.AUTO);
                DeviceNetwork network = DeviceNetwork.create(backend, model.config().graph(), 256,
                        AdamSettings.PYTORCH, 0)) {
            network.setParameters(model.parameters());
            return network.predict(GridCoordinates.image(width, height).coordinates(2), width * height);
        }
    }

    /** Both programs compute in float32: equal to 1e-5 of the largest output, and of the same spread. */
    private void assertSameOutputs(Path checkpoint, int width, int height) throws Exception {
        float[] expected = pytorchOutputs(checkpoint, width, height);
        float[] actual = javaOutputs(checkpoint, width, height);
        assertEquals(expected.length, actual.length, "output values");
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Float.isFinite(expected[i]), "PyTorch output finite");
            scale = Math.max(scale, Math.abs(expected[i]));
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= 1e-5 * scale, "outputs differ by up to " + worst + " (largest |output| " + scale + ")");
    }

    /** And the PNG this library renders is PyTorch's to within one level where both clamp. */
    private void assertSameImage(Path checkpoint, int width, int height) throws Exception {
        Path png = temp.resolve("java.png");
        CliRun run = CliRun.of("render", checkpoint, "--width", width, "--height", height, "--out", png);
        assertEquals(0, run.exitCode(), run.stderr());
        Image a = ImageReader.read(temp.resolve("pytorch.png"));
        Image b = ImageReader.read(png);
        assertTrue(a.sameShapeAs(b), a.describeShape() + " vs " + b.describeShape());
        float worst = 0;
        for (int i = 0; i < a.valueCount(); i++) {
            worst = Math.max(worst, Math.abs(a.pixels()[i] - b.pixels()[i]));
        }
        assertTrue(worst <= ONE_LEVEL, "pixels differ by up to " + worst * 255 + " levels");
    }

    @Test
    void aCheckpointWrittenHereLoadsStrictlyInPytorchAndRendersTheSameImage() throws Exception {
        Path image = TinyImages.colour(temp, 24, 16);
        Path out = temp.resolve("fit");
        CliRun fit = CliRun.of("fit", image, "--out", out, "--epochs", 3, "--degree", 6, "--width", 16, "--layers", 2,
                "--rank", 4, "--batch", 64);
        assertEquals(0, fit.exitCode(), fit.stderr());
        Path checkpoint = out.resolve("model.safetensors");
        assertSameOutputs(checkpoint, 40, 30);
        assertSameImage(checkpoint, 40, 30);
    }

    @Test
    void aCheckpointWrittenByPytorchLoadsHereAndRendersTheSameImage() throws Exception {
        for (String options : new String[] {"rank=4", "rank=None, modulation=False",
                "rank=3, nonlinearity='none', out_features=1"}) {
            Path checkpoint = temp.resolve("pytorch.safetensors");
            String script = "import torch, sl2a_reference as r\n"
                    + "torch.manual_seed(7)\n"
                    + "m = r.SL2A(in_features=2, hidden_features=16, hidden_layers=2, deg=7, " + options
                    + (options.contains("out_features") ? "" : ", out_features=3") + ")\n"
                    + "r.save_checkpoint(m, '" + checkpoint + "')\n";
            Result written = python(List.of("-c", script), REFERENCE);
            assertEquals(0, written.exitCode, written.output);
            assertSameOutputs(checkpoint, 33, 21);
            assertSameImage(checkpoint, 33, 21);
        }
    }

    /** Every model of the registry but SL2A (its own tests above): each must have its PyTorch reference. */
    static List<String> baselines() {
        return io.sl2a.nn.models.ModelRegistry.names().stream().filter(name -> !name.equals("sl2a")).toList();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("baselines")
    void aBaselineCrossesBothWays(String model) throws Exception {
        // Written here: fitted through the command line, then read by the PyTorch module.
        Path image = TinyImages.colour(temp, 24, 16);
        Path out = temp.resolve("fit-" + model);
        // Milder than the defaults for the two whose arguments grow fastest (FINER's first bias of
        // U(+-20) gives sin arguments near 10^4, the Gaussian's scale 30 exponents near 10^3): there
        // two float32 programs part by the rounding of the argument, far above 1e-5 of the output.
        List<Object> options = new ArrayList<>(List.of("fit", image, "--out", out, "--epochs", 2, "--model", model,
                "--width",
                16, "--layers", 2, "--batch", 64));
        if (model.equals("finer")) {
            options.addAll(List.of("--first-bias-scale", 1));
        } else if (model.equals("gauss")) {
            options.addAll(List.of("--gauss-scale", 10));
        } else if (model.startsWith("mfn-")) {
            // the default input scale 256 gives sine arguments near 10^2: milder, as for FINER
            options.addAll(List.of("--input-scale", 8));
        } else if (model.equals("chebykan")) {
            // cos(k acos t) (PyTorch) and the recurrence (here) part by rounding that grows with the degree.
            options.addAll(List.of("--degree", 5));
        } else if (model.equals("fourier-features")) {
            // sin(2 pi x B^T) with B ~ N(0, 10^2): arguments near 10^2, milder as for FINER
            options.addAll(List.of("--ff-scale", 1, "--mapping", 8));
        } else if (model.equals("wire")) {
            // WIRE's exp(-omega Im z) grows fastest of all: keep its arguments near 1 as well.
            options.addAll(List.of("--omega0", 5, "--hidden-omega0", 5, "--sigma0", 2));
        }
        CliRun fit = CliRun.of(options.toArray());
        assertEquals(0, fit.exitCode(), fit.stderr());
        Path checkpoint = out.resolve("model.safetensors");
        assertSameOutputs(checkpoint, 40, 30);
        assertSameImage(checkpoint, 40, 30);
        // Written by PyTorch, read here.
        Path written = temp.resolve("pytorch-" + model + ".safetensors");
        String script = "import torch, baselines_reference as b\n"
                + "torch.manual_seed(3)\n"
                + "m = b.build('" + model + "', in_features=2, out_features=3, width=12, hidden_layers=1,"
                + " first_omega=20.0, hidden_omega=25.0, scale=4.0, sigma=3.0, first_bias_scale=0.7, pe_freqs=6, degree=4, input_scale=6.0"
                + (model.equals("incode") ? ", image=torch.rand(1, 3, 10, 12), stem_channels=8, blocks=2, mlp_hidden=(8, 6)" : "")
                + (model.equals("fourier-features") ? ", mapping=8" : "")
                + ")\n"
                + "b.save_checkpoint(m, '" + written + "')\n";
        Result result = python(List.of("-c", script), REFERENCE);
        assertEquals(0, result.exitCode, result.output);
        assertSameOutputs(written, 33, 21);
    }
}
