package io.sl2a.tasks.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sl2a.tasks.io.FuzzContract;
import java.nio.file.Path;

/**
 * Fuzz targets of the JSON files options name (docs/testing.md, "Fuzzing"): {@code --model-config}
 * (read and built into a model for a 3-channel picture) and {@code nerf-render --pose}.
 */
class CliFilesFuzzTargets {
    private static final Path TEMP = FuzzContract.scratch("clifiles");

    @FuzzTest(maxDuration = "60s")
    void modelConfig(byte[] data) {
        Path file = FuzzContract.write(TEMP.resolve("config.json"), data);
        FuzzContract.check(data.length, FuzzContract.TEXT_BYTES_PER_BYTE, () -> {
            ModelOptions options = new ModelOptions();
            options.modelConfig = file;
            options.buildForImages(3);
        });
    }

    @FuzzTest(maxDuration = "60s")
    void poses(byte[] data) {
        Path file = FuzzContract.write(TEMP.resolve("poses.json"), data);
        FuzzContract.check(data.length, FuzzContract.TEXT_BYTES_PER_BYTE,
                () -> NerfRenderCommand.posesOf(file, 8, 6, 0.6911112070083618));
    }
}
