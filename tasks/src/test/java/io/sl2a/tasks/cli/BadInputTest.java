package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.nn.checkpoint.Safetensors;
import io.sl2a.nn.checkpoint.TensorData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: one clear line on stderr, a non-zero exit, no stack trace, no output files. */
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

    private void assertRefused(String expectedFragment, Object... args) {
        CliRun run = CliRun.of(args);
        assertNotEquals(0, run.exitCode(), run.stderr());
        assertEquals(1, run.messageLines().size(), "exactly one message line:\n" + run.stderr());
        assertTrue(run.messageLines().get(0).contains(expectedFragment),
                "expected '" + expectedFragment + "' in: " + run.stderr());
        assertFalse(run.stderr().contains("\tat "), "no stack trace:\n" + run.stderr());
        if (Files.isDirectory(out)) {
            try (Stream<Path> files = Files.list(out)) {
                assertEquals(0, files.count(), "no output files");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    private Object[] fit(Path input, Object... extra) {
        return Stream.concat(Stream.of("fit", input, "--out", out, "--epochs", 1), Stream.of(extra)).toArray();
    }

    @Test
    void missingImage() {
        assertRefused("missing.png", fit(temp.resolve("missing.png")));
    }

    @Test
    void emptyImage() throws IOException {
        Path empty = Files.createFile(temp.resolve("empty.png"));
        assertRefused("empty.png", fit(empty));
    }

    @Test
    void truncatedImage() throws IOException {
        byte[] whole = Files.readAllBytes(image);
        Path truncated = Files.write(temp.resolve("cut.png"), java.util.Arrays.copyOf(whole, whole.length / 2));
        assertRefused("cut.png", fit(truncated));
    }

    @Test
    void notAnImage() throws IOException {
        Path text = Files.writeString(temp.resolve("notes.png"), "this is not a picture");
        assertRefused("notes.png", fit(text));
    }

    @Test
    void badOptionValues() {
        assertRefused("degree must be at least 1", fit(image, "--degree", 0));
        assertRefused("rank (32) must not exceed width (16)", fit(image, "--width", 16, "--rank", 32));
        assertRefused("--batch must be at least 1", fit(image, "--batch", 0));
        assertRefused("--lr must be a positive number", fit(image, "--lr", 0));
        assertRefused("--lr must be a positive number", fit(image, "--lr", "NaN"));
        assertRefused("--epochs must be at least 1", fit(image, "--epochs", 0));
        assertRefused("--rank must be a number or 'full'", fit(image, "--rank", "half"));
        assertRefused("downscale factor", fit(image, "--downscale", 0.5));
        assertRefused("Invalid value", fit(image, "--degree", "many"));
        assertRefused("--gemm must be", fit(image, "--gemm", "fortran"));
        assertRefused("unknown backend", fit(image, "--backend", "abacus"));
    }

    @Test
    void aSizeThatWouldNotFitInMemory() {
        assertRefused("GiB of memory", fit(image, "--width", 16384, "--degree", 16000, "--rank", 8, "--layers", 1));
    }

    @Test
    void unwritableOutputDirectory() throws IOException {
        Path file = Files.writeString(temp.resolve("occupied"), "x");
        CliRun run = CliRun.of("fit", image, "--out", file.resolve("sub"), "--epochs", 1);
        assertNotEquals(0, run.exitCode());
        assertEquals(1, run.messageLines().size(), run.stderr());
    }

    @Test
    void checkpointWithWrongNamesOrShapes() throws IOException {
        Path bad = temp.resolve("bad.safetensors");
        Files.write(bad, Safetensors.serialize(
                Map.of("net.0.cheby.cheby_coeffs", TensorData.f32(new long[] {2, 4, 3}, new float[24])), Map.of()));
        assertRefused("missing", fit(image, "--init", bad));
        assertRefused("missing", "render", bad, "--width", 4, "--height", 4, "--out", temp.resolve("r.png"));
        Path garbage = Files.writeString(temp.resolve("garbage.safetensors"), "not a checkpoint at all");
        assertRefused("not a safetensors file", fit(image, "--init", garbage));
    }

    @Test
    void renderRefusesBadSizes() {
        assertRefused("--width and --height must be at least 1", "render", temp.resolve("x.safetensors"), "--width", 0,
                "--height", 4, "--out", temp.resolve("r.png"));
    }
}
