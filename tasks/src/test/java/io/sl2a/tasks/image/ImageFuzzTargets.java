package io.sl2a.tasks.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sl2a.tasks.io.FuzzContract;
import java.nio.file.Path;

/**
 * Fuzz targets of the picture readers (docs/testing.md, "Fuzzing"): any bytes given as an image
 * (PNG, JPEG, 16-bit PNG) or a .npy array either load or are refused with one line. The seeds and
 * the findings kept as regression inputs are in {@code ImageFuzzTargetsInputs/<target>/}.
 */
class ImageFuzzTargets {
    private static final Path TEMP = FuzzContract.scratch("image");

    /** PNG and JPEG: compressed, so their memory is bounded by the heap (the reader's own check), not by the file's size. */
    @FuzzTest(maxDuration = "60s")
    void image(byte[] data) {
        Path file = FuzzContract.write(TEMP.resolve("input.png"), data);
        FuzzContract.check(data.length, -1, () -> ImageReader.read(file));
    }

    @FuzzTest(maxDuration = "60s")
    void npy(byte[] data) {
        Path file = FuzzContract.write(TEMP.resolve("input.npy"), data);
        FuzzContract.check(data.length, FuzzContract.TEXT_BYTES_PER_BYTE, () -> NpyReader.read(file));
    }
}
