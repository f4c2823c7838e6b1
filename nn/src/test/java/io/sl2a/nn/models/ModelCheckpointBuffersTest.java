package io.sl2a.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sl2a.nn.checkpoint.CheckpointException;
import io.sl2a.nn.checkpoint.Safetensors;
import io.sl2a.nn.checkpoint.TensorData;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The buffers a checkpoint carries beside its parameters (WIRE's omega and sigma, a KAN's grids,
 * ChebyKAN's arange, BatchNorm's step counter, INCODE's image): written, read back, and any that
 * disagrees with the metadata refused in one line.
 */
class ModelCheckpointBuffersTest {
    private static final WireConfig WIRE = new WireConfig(new MlpShape(2, 3, 4, 1), 5f, 5f, 2f);

    private static Map<String, TensorData> tensors(ModelConfig config) {
        byte[] bytes = new ModelCheckpoint(config, config.graph().initialParameters(3)).toBytes();
        return new LinkedHashMap<>(Safetensors.parse(bytes, "src").tensors());
    }

    private static ModelCheckpoint read(ModelConfig config, Map<String, TensorData> tensors) {
        return ModelCheckpoint.from(new Safetensors.Contents(tensors, config.metadata()), "src");
    }

    private static void assertRefused(String message, ModelConfig config, Map<String, TensorData> tensors) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> read(config, tensors));
        assertEquals(message, e.getMessage());
    }

    @Test
    void wiresOmegaAndSigmaAreWrittenAndReadBack() {
        Map<String, TensorData> tensors = tensors(WIRE);
        for (String module : List.of("net.0", "net.1")) {
            assertArrayEquals(new long[] {1}, tensors.get(module + ".omega_0").shape());
            assertArrayEquals(new float[] {5f}, tensors.get(module + ".omega_0").floats());
            assertArrayEquals(new float[] {2f}, tensors.get(module + ".scale_0").floats());
        }
        Map<String, float[]> parameters = WIRE.graph().initialParameters(3);
        ModelCheckpoint back = read(WIRE, tensors);
        assertEquals(WIRE, back.config());
        parameters.forEach((name, values) -> assertArrayEquals(values, back.parameters().get(name), name));
        // A buffer the file lacks is the metadata's; one off by float rounding is accepted.
        tensors.remove("net.1.scale_0");
        tensors.put("net.0.omega_0", TensorData.f32(new long[] {1}, new float[] {5f * (1 + 4e-7f)}));
        assertEquals(WIRE, read(WIRE, tensors).config());
    }

    @Test
    void aBufferThatDisagreesWithTheMetadataIsRefused() {
        Map<String, TensorData> tensors = tensors(WIRE);
        tensors.put("net.0.omega_0", TensorData.f32(new long[] {1}, new float[] {5.0001f}));
        assertRefused("src: tensor net.0.omega_0 is [1] [5.0001] but the metadata says [1] [5.0]", WIRE, tensors);
        tensors.put("net.0.omega_0", TensorData.f32(new long[] {1, 1}, new float[] {5f}));
        assertRefused("src: tensor net.0.omega_0 is [1, 1] [5.0] but the metadata says [1] [5.0]", WIRE, tensors);
        tensors.put("net.0.omega_0", TensorData.i64(new long[] {1}, new long[] {5}));
        assertRefused("src: tensor net.0.omega_0 is of integer dtype I64 but the metadata says [1] [5.0]", WIRE,
                tensors);
        // A grid of a KAN: more than four values are abbreviated.
        KanConfig kan = new KanConfig(new MlpShape(2, 3, 4, 1), 2);
        Map<String, TensorData> kanTensors = tensors(kan);
        String name = kan.floatBuffers().keySet().iterator().next();
        TensorData grid = kanTensors.get(name);
        float[] moved = grid.floats().clone();
        moved[moved.length - 1] += 0.5f;
        kanTensors.put(name, TensorData.f32(grid.shape(), moved));
        float[] f = grid.floats();
        String head = "[" + f[0] + ", " + f[1] + ", " + f[2] + ", " + f[3] + ", ...]";
        assertRefused("src: tensor " + name + " is " + Arrays.toString(grid.shape()) + " " + head
                + " but the metadata says " + Arrays.toString(grid.shape()) + " " + head, kan, kanTensors);
    }

    @Test
    void chebyKansArangeMustHaveTheDegreesLength() {
        ChebyKanConfig config = new ChebyKanConfig(new MlpShape(2, 3, 4, 1), 3);
        Map<String, TensorData> tensors = tensors(config);
        String name = config.integerBuffers().keySet().iterator().next();
        assertArrayEquals(new long[] {0, 1, 2, 3}, tensors.get(name).longs());
        assertEquals(config, read(config, tensors).config());
        tensors.put(name, TensorData.i64(new long[] {5}, new long[] {0, 1, 2, 3, 4}));
        assertRefused("src: tensor " + name + " has shape [5], expected [4]", config, tensors);
        tensors.remove(name);
        assertEquals(config, read(config, tensors).config());
    }

    @Test
    void pytorchsBatchNormStepCounterIsAcceptedBesideIncodesImage() {
        IncodeConfig config = new IncodeConfig(new MlpShape(2, 3, 4, 1), 30f, 30f, new IncodeHarmonizer(2, 1, 2, 2,
                0.1f), IncodeConfig.PENALTY, new IncodeImage(8, 8, new float[192]));
        Map<String, TensorData> tensors = tensors(config);
        int counters = 0;
        for (String name : List.copyOf(tensors.keySet())) {
            if (name.endsWith(".running_mean")) {
                tensors.put(name.replace("running_mean", "num_batches_tracked"), TensorData.i64(new long[0],
                        new long[] {0}));
                counters++;
            }
        }
        assertEquals(3, counters, "bn1 of the stem and of the block, bn2");
        ModelCheckpoint back = read(config, tensors);
        assertEquals(config.metadata(), back.config().metadata());
        tensors.put("feature_extractor.1.steps", TensorData.i64(new long[0], new long[] {0}));
        assertThrows(CheckpointException.class, () -> read(config, tensors));
    }
}
