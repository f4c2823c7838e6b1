package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.nn.checkpoint.Safetensors;
import io.sl2a.nn.checkpoint.TensorData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input: exit code 2 (never 1, which is for internal errors), exactly one line on stderr with
 * the message given here, no stack trace, no output files.
 */
class BadInputTest {
    @TempDir
    Path temp;
    Path image;
    Path out;

    @BeforeEach
    void setUp() throws IOException {
        image = TinyImages.colour(temp, 16, 16);
        out = temp.resolve("out");
    }

    private CliRun refused(Object... args) {
        CliRun run = CliRun.of(args);
        assertEquals(Main.BAD_INPUT, run.exitCode(), run.stderr());
        assertEquals(1, run.messageLines().size(), "exactly one message line:\n" + run.stderr());
        assertFalse(run.stderr().contains("\tat "), "no stack trace:\n" + run.stderr());
        if (Files.isDirectory(out)) {
            try (Stream<Path> files = Files.list(out)) {
                assertEquals(0, files.count(), "no output files");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
        return run;
    }

    private void assertRefused(String message, Object... args) {
        assertEquals(List.of("sl2a: " + message), refused(args).messageLines());
    }

    private Object[] fit(Object input, Object... extra) {
        return Stream.concat(Stream.of("fit", input, "--out", out, "--epochs", 1), Stream.of(extra)).toArray();
    }

    @Test
    void unreadableImages() throws IOException {
        Path missing = temp.resolve("missing.png");
        assertRefused("cannot read image " + missing + ": no such file", fit(missing));
        Path empty = Files.createFile(temp.resolve("empty.png"));
        assertRefused("cannot read image " + empty + ": the file is empty", fit(empty));
        byte[] whole = Files.readAllBytes(image);
        Path truncated = Files.write(temp.resolve("cut.png"), java.util.Arrays.copyOf(whole, whole.length / 2));
        String cut = refused(fit(truncated)).messageLines().get(0);
        assertTrue(cut.startsWith("sl2a: cannot read image " + truncated + ": damaged or truncated image"), cut);
        Path text = Files.writeString(temp.resolve("notes.png"), "this is not a picture");
        assertRefused("cannot read image " + text + ": not a PNG or JPEG image", fit(text));
    }

    @Test
    void badOptionValues() {
        assertRefused("invalid model options: degree must be at least 1, got 0", fit(image, "--degree", 0));
        assertRefused("invalid model options: layers must be at least 0, got -1", fit(image, "--layers", -1));
        assertRefused("invalid model options: rank (32) must not exceed width (16)", fit(image, "--width", 16, "--rank", 32));
        assertRefused("--batch must be at least 1, got 0", fit(image, "--batch", 0));
        assertRefused("--lr must be a positive number, got 0.0", fit(image, "--lr", 0));
        assertRefused("--lr must be a positive number, got NaN", fit(image, "--lr", "NaN"));
        assertRefused("--epochs must be at least 1, got 0", fit(image, "--epochs", 0));
        assertRefused("--rank must be a number or 'full', got 'half'", fit(image, "--rank", "half"));
        assertRefused("--rank must be at least 1 or 'full', got 0", fit(image, "--rank", 0));
        assertRefused("downscale factor must be a number >= 1, got 0.5", fit(image, "--downscale", 0.5));
        assertRefused("Invalid value for option '--degree': 'many' is not an int (see: sl2a fit --help)",
                fit(image, "--degree", "many"));
        assertRefused("--gemm must be auto, openblas or java, got 'fortran'", fit(image, "--gemm", "fortran"));
        assertRefused("unknown backend 'abacus': use cpu, opencl or tornado", fit(image, "--backend", "abacus"));
        assertRefused("--threads must be at least 1, got 0", fit(image, "--threads", 0));
        assertRefused("--device applies to --backend opencl or tornado", fit(image, "--device", 1));
        assertRefused("--threads and --gemm apply to --backend cpu", fit(image, "--backend", "opencl", "--threads", 2));
    }

    /** The cpu backend's row-chunk setting is a JVM property (SL2A_JAVA_OPTS): a bad one is bad input too. */
    @Test
    void badChunkRowsSetting() {
        String property = io.sl2a.backend.cpu.CpuBackend.CHUNK_ROWS_PROPERTY;
        try {
            System.setProperty(property, "many");
            assertRefused("sl2a.cpu.chunkRows must be a whole number of rows (0: none), got 'many'", fit(image));
            System.setProperty(property, "-1");
            assertRefused("sl2a.cpu.chunkRows must not be negative, got -1", fit(image));
        } finally {
            System.clearProperty(property);
        }
    }

    @Test
    void aSizeThatWouldNotFitInMemory() {
        String line = refused(fit(image, "--width", 16384, "--degree", 16000, "--rank", 8, "--layers", 1)).messageLines().get(0);
        assertTrue(line.matches("sl2a: this model and batch need [0-9.]+ GiB of memory but only [0-9.]+ GiB is available;"
                + " lower --batch, --width or --degree \\(or raise the heap with SL2A_JAVA_OPTS=-Xmx\\.\\.\\.\\)"), line);
    }

    @Test
    void unwritableOutputDirectory() throws IOException {
        Path file = Files.writeString(temp.resolve("occupied"), "x");
        assertRefused("cannot create output directory " + file.resolve("sub") + ": Not a directory",
                "fit", image, "--out", file.resolve("sub"), "--epochs", 1);
        assertRefused("output directory " + file + " is not a directory", "fit", image, "--out", file, "--epochs", 1);
    }

    @Test
    void checkpointWithWrongNamesOrShapes() throws IOException {
        Path bad = temp.resolve("bad.safetensors");
        Files.write(bad, Safetensors.serialize(
                Map.of("net.0.cheby.cheby_coeffs", TensorData.f32(new long[] {2, 4, 3}, new float[24])), Map.of()));
        assertRefused(bad + ": missing output layer tensor net.1.weight", fit(image, "--init", bad));
        assertRefused(bad + ": missing output layer tensor net.1.weight", "render", bad, "--width", 4, "--height", 4, "--out",
                temp.resolve("r.png"));
        Path garbage = Files.writeString(temp.resolve("garbage.safetensors"), "not a checkpoint at all");
        assertRefused(garbage + " is not a safetensors file (bad header length)", fit(image, "--init", garbage));
        Path missing = temp.resolve("none.safetensors");
        assertRefused("checkpoint " + missing + " does not exist or is not a file", fit(image, "--init", missing));
    }

    @Test
    void renderRefusesBadSizesAndPlaces() {
        Path checkpoint = temp.resolve("x.safetensors");
        assertRefused("--width and --height must be at least 1, got 0x4", "render", checkpoint, "--width", 0, "--height", 4,
                "--out", temp.resolve("r.png"));
        assertRefused("--width x --height is too large: 10000000000 pixels", "render", checkpoint, "--width", 100000,
                "--height", 100000, "--out", temp.resolve("r.png"));
        Path nowhere = temp.resolve("no-such-dir/r.png");
        assertRefused("cannot write " + nowhere + ": its directory does not exist or is not writable", "render", checkpoint,
                "--width", 4, "--height", 4, "--out", nowhere);
        assertRefused("checkpoint " + checkpoint + " does not exist or is not a file", "render", checkpoint, "--width", 4,
                "--height", 4, "--out", temp.resolve("r.png"));
    }
}
