package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 * here loads into the PyTorch module with strict loading and renders the same image, and one
 * written by PyTorch loads here and renders the same image. Needs Debian's python3-torch at
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

    private Path renderWithPytorch(Path checkpoint, int width, int height) throws Exception {
        Path png = temp.resolve("pytorch.png");
        Result result = python(List.of(REFERENCE.resolve("render_checkpoint.py").toString(), checkpoint.toString(),
                "--width", "" + width, "--height", "" + height, "--out", png.toString()), REFERENCE);
        assertEquals(0, result.exitCode, "PyTorch could not load or render the checkpoint:\n" + result.output);
        return png;
    }

    private Path renderHere(Path checkpoint, int width, int height) {
        Path png = temp.resolve("java.png");
        CliRun run = CliRun.of("render", checkpoint, "--width", width, "--height", height, "--out", png);
        assertEquals(0, run.exitCode(), run.stderr());
        return png;
    }

    private static void assertSameImage(Path expected, Path actual) {
        Image a = ImageReader.read(expected);
        Image b = ImageReader.read(actual);
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
        assertSameImage(renderWithPytorch(checkpoint, 40, 30), renderHere(checkpoint, 40, 30));
    }

    @Test
    void aCheckpointWrittenByPytorchLoadsHereAndRendersTheSameImage() throws Exception {
        for (String options : new String[] {"rank=4", "rank=None, modulation=False", "rank=3, nonlinearity='none', out_features=1"}) {
            Path checkpoint = temp.resolve("pytorch.safetensors");
            String script = "import torch, sl2a_reference as r\n"
                    + "torch.manual_seed(7)\n"
                    + "m = r.SL2A(in_features=2, hidden_features=16, hidden_layers=2, deg=7, " + options
                    + (options.contains("out_features") ? "" : ", out_features=3") + ")\n"
                    + "r.save_checkpoint(m, '" + checkpoint + "')\n";
            Result written = python(List.of("-c", script), REFERENCE);
            assertEquals(0, written.exitCode, written.output);
            assertSameImage(renderWithPytorch(checkpoint, 33, 21), renderHere(checkpoint, 33, 21));
        }
    }
}
