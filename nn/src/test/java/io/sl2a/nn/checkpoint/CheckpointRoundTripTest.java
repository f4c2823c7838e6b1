package io.sl2a.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.nn.models.Sl2aConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checkpoints of every configuration come back as they went: with their metadata exactly, and as
 * a plain state_dict export without metadata, from the tensor shapes alone (then modulation and
 * ReLU, which have no tensors, are the reference module's defaults: on).
 */
class CheckpointRoundTripTest {
    @TempDir
    Path temp;

    static Stream<Sl2aConfig> configurations() {
        return Stream.of(
                new Sl2aConfig(2, 3, 6, 16, 2, 4, true, true),
                new Sl2aConfig(2, 3, 5, 8, 3, Sl2aConfig.FULL_RANK, true, true),
                new Sl2aConfig(2, 1, 3, 8, 1, 2, true, true),
                new Sl2aConfig(3, 1, 4, 12, 2, 12, true, true),
                new Sl2aConfig(2, 3, 4, 8, 0, Sl2aConfig.FULL_RANK, true, true),
                new Sl2aConfig(2, 3, 6, 16, 2, 4, false, true),
                new Sl2aConfig(2, 3, 6, 16, 2, 4, true, false),
                new Sl2aConfig(2, 2, 7, 8, 2, Sl2aConfig.FULL_RANK, false, false));
    }

    private ModelCheckpoint written(Sl2aConfig config) {
        return new ModelCheckpoint(config, config.graph().initialParameters(17));
    }

    private static void assertSameParameters(Map<String, float[]> expected, Map<String, float[]> actual) {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), "tensor names in state_dict order");
        for (Map.Entry<String, float[]> e : expected.entrySet()) {
            assertArrayEquals(e.getValue(), actual.get(e.getKey()), e.getKey());
        }
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void withMetadataEveryConfigurationRoundTrips(Sl2aConfig config) throws IOException {
        ModelCheckpoint original = written(config);
        Path file = Files.write(temp.resolve("model.safetensors"), original.toBytes());
        ModelCheckpoint loaded = ModelCheckpoint.load(file);
        assertEquals(config, loaded.config());
        assertSameParameters(original.parameters(), loaded.parameters());
        long[] arange = Safetensors.read(file).tensors().get("net.0.cheby.arange").longs();
        for (int k = 0; k <= config.degree(); k++) {
            assertEquals(k, arange[k], "arange buffer");
        }
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void withoutMetadataTheShapesGiveTheConfiguration(Sl2aConfig config) throws IOException {
        ModelCheckpoint original = written(config);
        Safetensors.Contents contents = Safetensors.read(Files.write(temp.resolve("with.safetensors"),
                original.toBytes()));
        Path plain = Files.write(temp.resolve("plain.safetensors"),
                Safetensors.serialize(new LinkedHashMap<>(contents.tensors()), Map.of()));
        ModelCheckpoint loaded = ModelCheckpoint.load(plain);
        Sl2aConfig expected = new Sl2aConfig(config.inFeatures(), config.outFeatures(), config.degree(), config.width(),
                config.hiddenLayers(), config.rank(), true, true);
        assertEquals(expected, loaded.config());
        assertSameParameters(original.parameters(), loaded.parameters());
    }
}
