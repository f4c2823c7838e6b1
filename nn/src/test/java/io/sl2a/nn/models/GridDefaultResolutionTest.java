package io.sl2a.nn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code grid}'s cells per axis where none is given: an image's 256, a volume's 64; a given value wins. */
class GridDefaultResolutionTest {
    private static final ModelSpec SPEC = ModelRegistry.find(GridConfig.NAME).orElseThrow();

    private static int resolution(int dims, OptionValues values) {
        return ((GridConfig) SPEC.build(dims, 1, values)).resolution();
    }

    @Test
    void theDefaultDependsOnTheDimension() {
        assertEquals(256, resolution(1, OptionValues.none()));
        assertEquals(256, resolution(2, OptionValues.none()));
        assertEquals(64, resolution(3, OptionValues.none()));
        assertEquals(GridConfig.defaultResolution(3), resolution(3, OptionValues.none()));
    }

    @Test
    void aGivenResolutionWinsInEveryDimension() {
        OptionValues given = OptionValues.of(Map.of("grid-resolution", 48));
        assertEquals(48, resolution(2, given));
        assertEquals(48, resolution(3, given));
        assertEquals(300, resolution(3, OptionValues.of(Map.of("grid-resolution", 300))));
    }

    @Test
    void theOptionSaysSoAndCheckpointsHoldTheResolutionUsed() {
        ModelOption option = SPEC.option("grid-resolution");
        assertNull(option.defaultValue());
        assertEquals("256; 3-D 64", option.defaultText());
        ModelConfig volume = SPEC.build(3, 1, OptionValues.none());
        assertEquals("64", volume.metadata().get("grid_resolution"));
        assertEquals(volume, ModelRegistry.fromMetadata(volume.metadata(), "volume"));
    }
}
