package io.sl2a.nn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sl2a.nn.checkpoint.CheckpointException;
import io.sl2a.nn.checkpoint.Safetensors;
import io.sl2a.nn.checkpoint.TensorData;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SL2A's remaining edges: the coefficient limit exactly, --rank's least value, its description, shapes without an output. */
class Sl2aConfigEdgesTest {
    @Test
    void theCoefficientLimitIsInclusive() {
        // Integer.MAX_VALUE / 4 = 2^29 - 1 = 233 * 1103 * 2089 coefficients are taken; 2^29 are not.
        new Sl2aConfig(1, 1, 1103 * 2089 - 1, 233, 0, 0, true, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sl2aConfig(1, 1, (1 << 20) - 1, 512, 0, 0, true, true));
        assertEquals("degree x width x inputs is too large: 536870912 coefficients", e.getMessage());
    }

    @Test
    void rankIsAtLeastOneOrFull() {
        assertEquals(1, Sl2aConfig.parseRank("1"));
        assertEquals(Sl2aConfig.FULL_RANK, Sl2aConfig.parseRank("full"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sl2aConfig.parseRank("0"));
        assertEquals("--rank must be at least 1 or 'full', got 0", e.getMessage());
    }

    @Test
    void itDescribesItself() {
        assertEquals("an SL2A network with degree 4, width 8, 2 hidden layers of rank 3",
                new Sl2aConfig(2, 3, 4, 8, 2, 3, true, true).describe());
        assertEquals("an SL2A network with degree 5, width 6, 1 hidden layers of rank full",
                new Sl2aConfig(2, 3, 5, 6, 1, Sl2aConfig.FULL_RANK, true, true).describe());
    }

    @Test
    void shapesWithoutAnOutputLayerAreRefused() {
        Map<String, TensorData> tensors = Map.of(Sl2aConfig.COEFFICIENTS, TensorData.f32(new long[] {2, 4, 5},
                new float[40]));
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> ModelCheckpoint.from(new Safetensors.Contents(tensors, Map.of()), "src"));
        assertEquals("src: missing output layer tensor net.1.weight", e.getMessage());
    }

    @Test
    void anUnknownModelIsNamedWithTheKnownOnes() {
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> ModelRegistry.fromMetadata(Map.of("format", "sl2a", "model", "nope"), "src"));
        assertEquals("src: unknown model 'nope' (known: sl2a, relu, relu-pe, siren, gauss, wire, finer, chebykan,"
                + " mfn-fourier, mfn-gabor, kan, incode, fourier-features, hashgrid, grid)", e.getMessage());
    }
}
