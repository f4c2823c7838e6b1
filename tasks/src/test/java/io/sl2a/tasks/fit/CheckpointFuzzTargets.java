package io.sl2a.tasks.fit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sl2a.tasks.io.FuzzContract;
import io.sl2a.tasks.occupancy.OccupancyCheckpoint;
import java.nio.file.Path;

/**
 * Fuzz targets of the safetensors files the commands read (docs/testing.md, "Fuzzing"): a model
 * checkpoint ({@code --init}, {@code render}; its metadata decides the model), a stopped fit's
 * training state ({@code fit --resume}) and an occupancy checkpoint ({@code mesh}).
 */
class CheckpointFuzzTargets {
    private static final Path TEMP = FuzzContract.scratch("checkpoint");

    @FuzzTest(maxDuration = "60s")
    void model(byte[] data) {
        Path file = FuzzContract.write(TEMP.resolve("model.safetensors"), data);
        FuzzContract.check(data.length, FuzzContract.TEXT_BYTES_PER_BYTE, () -> CheckpointFiles.load(file));
    }

    @FuzzTest(maxDuration = "60s")
    void trainingState(byte[] data) {
        Path file = FuzzContract.write(TEMP.resolve(TrainingStateFile.NAME), data);
        FuzzContract.check(data.length, FuzzContract.TEXT_BYTES_PER_BYTE, () -> TrainingStateFile.read(file));
    }

    @FuzzTest(maxDuration = "60s")
    void occupancy(byte[] data) {
        Path file = FuzzContract.write(TEMP.resolve("occupancy.safetensors"), data);
        FuzzContract.check(data.length, FuzzContract.TEXT_BYTES_PER_BYTE, () -> OccupancyCheckpoint.load(file));
    }
}
