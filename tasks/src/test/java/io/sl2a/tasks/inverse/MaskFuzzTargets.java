package io.sl2a.tasks.inverse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sl2a.tasks.image.ImageReader;
import io.sl2a.tasks.io.FuzzContract;
import java.nio.file.Path;

/** Fuzz target of inpainting's {@code --mask} (an image read and matched to an 8x8 picture); see docs/testing.md. */
class MaskFuzzTargets {
    private static final Path TEMP = FuzzContract.scratch("mask");

    @FuzzTest(maxDuration = "60s")
    void mask(byte[] data) {
        Path file = FuzzContract.write(TEMP.resolve("mask.png"), data);
        FuzzContract.check(data.length, -1, () -> PixelMask.fromImage(ImageReader.read(file), 8, 8, file.toString()));
    }
}
