package io.sl2a.tasks.volume;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.sl2a.tasks.io.FuzzContract;
import java.nio.file.Path;

/**
 * Fuzz targets of the mesh readers (docs/testing.md, "Fuzzing"), one per format: the bytes are
 * written under that format's extension, so that a file which does not announce itself (OFF
 * without its keyword, any OBJ) still reaches its parser. A header's counts must never size an
 * allocation beyond what the file can hold.
 */
class MeshFuzzTargets {
    private static final Path TEMP = FuzzContract.scratch("mesh");

    @FuzzTest(maxDuration = "60s")
    void off(byte[] data) {
        read(data, "input.off");
    }

    @FuzzTest(maxDuration = "60s")
    void ply(byte[] data) {
        read(data, "input.ply");
    }

    @FuzzTest(maxDuration = "60s")
    void obj(byte[] data) {
        read(data, "input.obj");
    }

    private static void read(byte[] data, String name) {
        Path file = FuzzContract.write(TEMP.resolve(name), data);
        FuzzContract.check(data.length, FuzzContract.TEXT_BYTES_PER_BYTE, () -> MeshReader.read(file));
    }
}
