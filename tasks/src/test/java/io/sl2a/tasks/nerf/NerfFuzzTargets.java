package io.sl2a.tasks.nerf;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sl2a.tasks.io.FuzzContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Fuzz targets of the NeRF inputs (docs/testing.md, "Fuzzing"): {@code transforms_*.json} in a folder
 * that holds the sample's pictures, the pictures themselves (RGBA PNGs), a radiance field's
 * checkpoint ({@code nerf-render}) and a stopped run's state ({@code nerf --resume}).
 */
class NerfFuzzTargets {
    private static final Path TEMP = FuzzContract.scratch("nerf");
    private static Path dataset;

    /** A folder with the sample's val and test pictures, so that the seeds' frames find theirs. */
    private static synchronized Path dataset() {
        if (dataset == null) {
            try {
                Path dir = Files.createDirectories(TEMP.resolve("dataset"));
                for (String split : new String[] {"val", "test"}) {
                    Path to = Files.createDirectories(dir.resolve(split));
                    try (Stream<Path> pictures = Files.list(Path.of("../samples/nerf-bunny").resolve(split))) {
                        for (Path picture : pictures.toList()) {
                            Files.copy(picture, to.resolve(picture.getFileName()));
                        }
                    }
                }
                dataset = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dataset;
    }

    @FuzzTest(maxDuration = "60s")
    void transforms(byte[] data) {
        Path dir = dataset();
        FuzzContract.write(dir.resolve("transforms_fuzz.json"), data);
        FuzzContract.check(data.length, FuzzContract.TEXT_BYTES_PER_BYTE, () -> NerfDataset.load(dir, "fuzz", 1, 1));
    }

    @FuzzTest(maxDuration = "60s")
    void rgbaPng(byte[] data) {
        Path file = FuzzContract.write(TEMP.resolve("r_0.png"), data);
        FuzzContract.check(data.length, -1, () -> RgbaPng.readOnWhite(file));
    }

    @FuzzTest(maxDuration = "60s")
    void checkpoint(byte[] data) {
        Path file = FuzzContract.write(TEMP.resolve("model.safetensors"), data);
        FuzzContract.check(data.length, FuzzContract.TEXT_BYTES_PER_BYTE, () -> NerfCheckpoint.load(file));
    }

    @FuzzTest(maxDuration = "60s")
    void runState(byte[] data) {
        Path dir = TEMP.resolve("run");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        FuzzContract.write(dir.resolve(NerfRunState.FILE), data);
        FuzzContract.check(data.length, FuzzContract.TEXT_BYTES_PER_BYTE, () -> NerfRunState.read(dir));
    }
}
