package io.sl2a.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every model's refusals, each at the edge of its value: the last value taken, the first refused. */
class ModelLimitsTest {
    private static final float TINY = Float.MIN_VALUE;
    private static final MlpShape SHAPE = new MlpShape(2, 3, 4, 1);

    private static void assertRefused(String message, Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertEquals(message, e.getMessage());
    }

    @Test
    void theSharedShape() {
        new MlpShape(1, 1, 1, 0);
        assertRefused("in features must be at least 1, got 0", () -> new MlpShape(0, 1, 1, 0));
        assertRefused("out features must be at least 1, got 0", () -> new MlpShape(1, 0, 1, 0));
        assertRefused("width must be at least 1, got 0", () -> new MlpShape(1, 1, 0, 0));
        assertRefused("layers must be at least 0, got -1", () -> new MlpShape(1, 1, 1, -1));
    }

    @Test
    void chebyKan() {
        new ChebyKanConfig(new MlpShape(2, 3, 4, 1), 1);
        assertRefused("degree must be at least 1, got 0", () -> new ChebyKanConfig(SHAPE, 0));
        assertRefused("chebykan needs at least 1 hidden layer, got 0",
                () -> new ChebyKanConfig(new MlpShape(2, 3, 4, 0), 1));
    }

    @Test
    void finer() {
        new FinerConfig(SHAPE, TINY, TINY, 0f);
        assertRefused("omega must be positive, got 0.0 and 1.0", () -> new FinerConfig(SHAPE, 0f, 1f, 0f));
        assertRefused("omega must be positive, got 1.0 and 0.0", () -> new FinerConfig(SHAPE, 1f, 0f, 0f));
        assertRefused("first bias scale must not be negative, got -1.4E-45",
                () -> new FinerConfig(SHAPE, 1f, 1f, -TINY));
    }

    @Test
    void fourierFeatures() {
        new FourierFeaturesConfig(SHAPE, 1, TINY);
        assertRefused("mapping must be at least 1, got 0", () -> new FourierFeaturesConfig(SHAPE, 0, 1f));
        assertRefused("scale must be positive, got 0.0", () -> new FourierFeaturesConfig(SHAPE, 1, 0f));
    }

    @Test
    void hashGrid() {
        new HashGridConfig(SHAPE, 1, 1, 1, 1, 1);
        new HashGridConfig(SHAPE, 2, 1, 30, 1, 1);
        assertRefused("levels must be at least 1, got 0", () -> new HashGridConfig(SHAPE, 0, 1, 1, 1, 1));
        assertRefused("a grid needs at least one feature, got 0", () -> new HashGridConfig(SHAPE, 1, 0, 1, 1, 1));
        assertRefused("log2 table size must be 1 to 30, got 0", () -> new HashGridConfig(SHAPE, 1, 1, 0, 1, 1));
        assertRefused("log2 table size must be 1 to 30, got 31", () -> new HashGridConfig(SHAPE, 1, 1, 31, 1, 1));
        assertRefused("resolutions must be at least 1, got 0 and 1", () -> new HashGridConfig(SHAPE, 1, 1, 1, 0, 1));
        assertRefused("resolutions must be at least 1, got 1 and 0", () -> new HashGridConfig(SHAPE, 1, 1, 1, 1, 0));
        new HashGridConfig(new MlpShape(3, 1, 4, 1), 1, 1, 1, 1, 1);
        assertRefused("a grid encoding takes 1 to 3 coordinates, got 4",
                () -> new HashGridConfig(new MlpShape(4, 1, 4, 1), 1, 1, 1, 1, 1));
        // 2^28 values at most: 16 hashed levels of 2^24 entries fit with one feature, not with two.
        new HashGridConfig(SHAPE, 16, 1, 24, 4096, 8192);
        assertRefused("a grid table of 268435456 x 2 values is more than 268435456",
                () -> new HashGridConfig(SHAPE, 16, 2, 24, 4096, 8192));
    }

    @Test
    void hashGridResolutionsGrowGeometrically() {
        // instant-ngp's defaults on a 512-pixel image: b = 32^(1/15), the last level exactly N_max.
        assertArrayEquals(new int[] {16, 20, 25, 32, 40, 50, 64, 80, 101, 128, 161, 203, 256, 322, 406, 512},
                HashGridConfig.resolutions(16, 16, 512));
        assertArrayEquals(new int[] {16}, HashGridConfig.resolutions(1, 16, 512));
        assertArrayEquals(new int[] {8, 4, 2}, HashGridConfig.resolutions(3, 8, 2));
    }

    @Test
    void grid() {
        new GridConfig(SHAPE, 1, 1, 0f);
        new GridConfig(new MlpShape(2, 3, 4, 0), 1, 1, TINY);
        assertRefused("grid resolution must be at least 1, got 0", () -> new GridConfig(SHAPE, 0, 1, 0f));
        assertRefused("a grid needs at least one feature, got 0", () -> new GridConfig(SHAPE, 1, 0, 0f));
        assertRefused("tv must not be negative, got -1.4E-45", () -> new GridConfig(SHAPE, 1, 1, -TINY));
        new GridConfig(new MlpShape(3, 1, 4, 0), 644, 1, 0f);
        assertRefused("a grid of 645 cells per axis in 3-D is too large",
                () -> new GridConfig(new MlpShape(3, 1, 4, 0), 645, 1, 0f));
    }

    @Test
    void gauss() {
        new GaussConfig(SHAPE, TINY);
        assertRefused("scale must be positive, got 0.0", () -> new GaussConfig(SHAPE, 0f));
    }

    @Test
    void kan() {
        new KanConfig(SHAPE, 1);
        assertRefused("grid size must be at least 1, got 0", () -> new KanConfig(SHAPE, 0));
    }

    @Test
    void multiplicativeFilters() {
        new MfnFourierConfig(SHAPE, TINY, TINY);
        assertRefused("input and weight scales must be positive, got 0.0 and 1.0",
                () -> new MfnFourierConfig(SHAPE, 0f, 1f));
        assertRefused("input and weight scales must be positive, got 1.0 and 0.0",
                () -> new MfnFourierConfig(SHAPE, 1f, 0f));
        new MfnGaborConfig(SHAPE, TINY, TINY, TINY, TINY);
        assertRefused("input and weight scales must be positive, got 0.0 and 1.0",
                () -> new MfnGaborConfig(SHAPE, 0f, 1f, 1f, 1f));
        assertRefused("input and weight scales must be positive, got 1.0 and 0.0",
                () -> new MfnGaborConfig(SHAPE, 1f, 0f, 1f, 1f));
        assertRefused("alpha and beta must be positive, got 0.0 and 1.0",
                () -> new MfnGaborConfig(SHAPE, 1f, 1f, 0f, 1f));
        assertRefused("alpha and beta must be positive, got 1.0 and 0.0",
                () -> new MfnGaborConfig(SHAPE, 1f, 1f, 1f, 0f));
    }

    @Test
    void reluPositionalEncoding() {
        new ReluPeConfig(SHAPE, 0);
        assertRefused("frequencies must not be negative, got -1", () -> new ReluPeConfig(SHAPE, -1));
    }

    @Test
    void siren() {
        new SirenConfig(SHAPE, TINY, TINY);
        assertRefused("omega must be positive, got 0.0 and 1.0", () -> new SirenConfig(SHAPE, 0f, 1f));
        assertRefused("omega must be positive, got 1.0 and 0.0", () -> new SirenConfig(SHAPE, 1f, 0f));
    }

    @Test
    void wire() {
        // int(2 / sqrt 2) = 1 complex unit, int(1 / sqrt 2) = 0; the reference's 300 gives 212.
        assertEquals(1, WireConfig.complexWidth(2));
        assertEquals(0, WireConfig.complexWidth(1));
        assertEquals(212, WireConfig.complexWidth(300));
        new WireConfig(new MlpShape(2, 3, 2, 1), TINY, TINY, TINY);
        assertRefused("omega must be positive, got 0.0 and 1.0", () -> new WireConfig(SHAPE, 0f, 1f, 1f));
        assertRefused("omega must be positive, got 1.0 and 0.0", () -> new WireConfig(SHAPE, 1f, 0f, 1f));
        assertRefused("sigma must be positive, got 0.0", () -> new WireConfig(SHAPE, 1f, 1f, 0f));
        assertRefused("width must be at least 2 for WIRE's complex layers, got 1",
                () -> new WireConfig(new MlpShape(2, 3, 1, 1), 1f, 1f, 1f));
    }

    @Test
    void incode() {
        IncodeHarmonizer small = new IncodeHarmonizer(1, 0, 1, 1, 0f);
        new IncodeConfig(SHAPE, TINY, TINY, small, new float[4], null);
        assertRefused("omega must be positive, got 0.0 and 1.0",
                () -> new IncodeConfig(SHAPE, 0f, 1f, small, new float[4], null));
        assertRefused("omega must be positive, got 1.0 and 0.0",
                () -> new IncodeConfig(SHAPE, 1f, 0f, small, new float[4], null));
        assertRefused("the penalty takes four weights, got 3",
                () -> new IncodeConfig(SHAPE, 1f, 1f, small, new float[3], null));
        assertRefused("penalty weights must not be negative, got [0.0, -1.4E-45, 0.0, 0.0]",
                () -> new IncodeConfig(SHAPE, 1f, 1f, small, new float[] {0f, -TINY, 0f, 0f}, null));
        // The configuration keeps its own copy of the penalty, and hands out copies.
        float[] penalty = {1f, 2f, 3f, 4f};
        IncodeConfig config = new IncodeConfig(SHAPE, 1f, 1f, small, penalty, null);
        penalty[0] = 9f;
        config.penalty()[1] = 9f;
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f}, config.penalty());
    }

    @Test
    void incodeHarmonizer() {
        new IncodeHarmonizer(1, 0, 1, 1, 0f);
        assertRefused("the harmonizer needs positive channels and hidden sizes, got 0, 1, 1 and 0 blocks",
                () -> new IncodeHarmonizer(0, 0, 1, 1, 0f));
        assertRefused("the harmonizer needs positive channels and hidden sizes, got 1, 1, 1 and -1 blocks",
                () -> new IncodeHarmonizer(1, -1, 1, 1, 0f));
        assertRefused("the harmonizer needs positive channels and hidden sizes, got 1, 0, 1 and 0 blocks",
                () -> new IncodeHarmonizer(1, 0, 0, 1, 0f));
        assertRefused("the harmonizer needs positive channels and hidden sizes, got 1, 1, 0 and 0 blocks",
                () -> new IncodeHarmonizer(1, 0, 1, 0, 0f));
    }

    @Test
    void incodeImage() {
        new IncodeImage(1, 1, new float[3]);
        assertRefused("an INCODE image is 3 x 0 x 1, got 0 values", () -> new IncodeImage(0, 1, new float[0]));
        assertRefused("an INCODE image is 3 x 1 x 0, got 0 values", () -> new IncodeImage(1, 0, new float[0]));
        assertRefused("an INCODE image is 3 x 1 x 2, got 5 values", () -> new IncodeImage(1, 2, new float[5]));
        float[] chw = {1, 2, 3};
        IncodeImage image = new IncodeImage(1, 1, chw);
        chw[0] = 9;
        image.chw()[1] = 9;
        assertArrayEquals(new float[] {1, 2, 3}, image.chw());
    }

    @Test
    void incodeImageFromInterleavedPixels() {
        // 2 x 3 pixels: RGB interleaved goes to three planes; grey is repeated in each.
        float[] rgb = new float[18];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = i;
        }
        IncodeImage colour = IncodeImage.fromInterleaved(rgb, 2, 3, 3);
        assertEquals(2, colour.height());
        assertEquals(3, colour.width());
        assertArrayEquals(new float[] {0, 3, 6, 9, 12, 15, 1, 4, 7, 10, 13, 16, 2, 5, 8, 11, 14, 17}, colour.chw());
        IncodeImage grey = IncodeImage.fromInterleaved(new float[] {5, 6, 7, 8, 9, 10}, 2, 3, 1);
        assertArrayEquals(new float[] {5, 6, 7, 8, 9, 10, 5, 6, 7, 8, 9, 10, 5, 6, 7, 8, 9, 10}, grey.chw());
        assertRefused("INCODE's harmonizer reads greyscale or RGB images, got 2 channels",
                () -> IncodeImage.fromInterleaved(new float[12], 2, 3, 2));
        assertRefused("INCODE's harmonizer reads greyscale or RGB images, got 3 channels",
                () -> IncodeImage.fromInterleaved(new float[17], 2, 3, 3));
        assertRefused("INCODE's harmonizer reads greyscale or RGB images, got 1 channels",
                () -> IncodeImage.fromInterleaved(new float[7], 2, 3, 1));
    }

    @Test
    void nerfField() {
        ModelConfig position = new ReluConfig(new MlpShape(3, 4, 4, 1));
        new NerfFieldConfig(position, 4, 1, 1);
        new NerfFieldConfig(new ReluConfig(new MlpShape(3, 1, 1, 0)), 1, 1, 1);
        assertRefused("the position network takes 3-D points, not 2",
                () -> new NerfFieldConfig(new ReluConfig(new MlpShape(2, 4, 4, 1)), 4, 1, 1));
        assertRefused("the position network gives 4 features, not 5", () -> new NerfFieldConfig(position, 5, 1, 1));
        assertRefused("a field needs features and a colour head, got 4, 0, 1", () -> new NerfFieldConfig(position, 4,
                0, 1));
        assertRefused("a field needs features and a colour head, got 4, 1, 0", () -> new NerfFieldConfig(position, 4,
                1, 0));
        IncodeConfig incode = new IncodeConfig(new MlpShape(3, 4, 4, 1), 1f, 1f, IncodeHarmonizer.IMAGE,
                IncodeConfig.PENALTY, null);
        assertRefused("incode cannot be a position network: it reads an image",
                () -> new NerfFieldConfig(incode, 4, 1, 1));
        NerfFieldConfig field = NerfFieldConfig.of(new ReluConfig(new MlpShape(3, 1, 4, 1)), 2, 5, 1);
        assertEquals(2, field.position().outFeatures());
        assertEquals(3, field.inFeatures());
        assertEquals(4, field.outFeatures());
        assertEquals("nerf", field.model());
        assertEquals(java.util.Map.of(), field.optionValues().given());
        assertEquals(field, field.withOutFeatures(4));
        assertRefused("a radiance field gives 4 values a sample, not 3", () -> field.withOutFeatures(3));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, field::spec);
        assertEquals("a radiance field is built by the nerf task around a model of --model", e.getMessage());
    }
}
