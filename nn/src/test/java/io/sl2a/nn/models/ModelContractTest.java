package io.sl2a.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.nn.checkpoint.CheckpointException;
import io.sl2a.nn.checkpoint.Safetensors;
import io.sl2a.nn.checkpoint.TensorData;
import io.sl2a.nn.graph.AdamSettings;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each baseline's configuration against the PyTorch fixtures' metadata (reference/make_goldens.py
 * wrote it beside the module it ran): read back, written again to the same fields, the same
 * trainable values as PyTorch had gradients for, and the same model for other channels; then the
 * declared options' own behaviour.
 */
class ModelContractTest {
    private static final Set<String> TRAINING_FIELDS = Set.of("seed", "points", "lr", "steps", "eps", "beta1",
            "beta2", "torch_version");

    static Safetensors.Contents golden(String fixture) throws IOException {
        try (InputStream in = ModelContractTest.class.getResourceAsStream("/golden/tiny_" + fixture + ".safetensors")) {
            return Safetensors.parse(in.readAllBytes(), fixture);
        }
    }

    private static Map<String, String> modelFields(Map<String, String> meta) {
        Map<String, String> fields = new LinkedHashMap<>(meta);
        fields.keySet().removeAll(TRAINING_FIELDS);
        return fields;
    }

    @ParameterizedTest
    @ValueSource(strings = {"chebykan", "finer", "fourier_features", "gauss", "kan", "mfn_fourier", "mfn_gabor", "relu",
            "relu_pe", "siren", "wire", "incode", "hashgrid", "grid"})
    void theFixturesMetadataComesBackAsItWent(String fixture) throws IOException {
        Safetensors.Contents golden = golden(fixture);
        Map<String, String> expected = modelFields(golden.metadata());
        String name = expected.get(ModelMetadata.MODEL);
        ModelConfig config = ModelRegistry.fromMetadata(golden.metadata(), fixture);
        if (config.readsTrainingImage()) {
            TensorData image = golden.tensors().get("input.image");
            config = config.forTrainingImage(new float[12 * 10], 12, 10, 1)
                    .withCheckpointTensors(Map.of(IncodeConfig.IMAGE_TENSOR, TensorData.f32(new long[] {1, 3, 12, 10},
                            image.floats())), fixture);
        }
        assertEquals(expected, config.metadata());
        assertEquals(name, config.model());
        assertEquals("a " + name + " network", config.describe());
        assertSame(ModelRegistry.find(name).orElseThrow().getClass(), config.spec().getClass());
        assertEquals(2, config.inFeatures());
        assertEquals(Integer.parseInt(expected.get(ModelMetadata.OUT_FEATURES)), config.outFeatures());

        long gradients = golden.tensors().entrySet().stream().filter(e -> e.getKey().startsWith("grad."))
                .mapToLong(e -> e.getValue().elementCount()).sum();
        assertEquals(gradients, config.parameterCount(), "PyTorch's trainable values");

        ModelConfig five = config.withOutFeatures(5);
        Map<String, String> fiveFields = new LinkedHashMap<>(expected);
        fiveFields.put(ModelMetadata.OUT_FEATURES, "5");
        assertEquals(fiveFields, five.metadata());
        assertEquals(5, five.outFeatures());

        // The option values rebuild the configuration (INCODE's harmonizer is no option: it comes from metadata).
        ModelConfig rebuilt = config.spec().build(config.inFeatures(), config.outFeatures(), config.optionValues());
        if (!config.readsTrainingImage()) {
            assertEquals(config, rebuilt);
        }
        assertEquals(config.spec().options().size(), config.optionValues().given().size());
    }

    @Test
    void incodeBindsItsImageAndCarriesIt() throws IOException {
        IncodeConfig bare = (IncodeConfig) ModelRegistry.fromMetadata(golden("incode").metadata(), "incode");
        assertTrue(bare.readsTrainingImage());
        assertNull(bare.image());
        assertEquals(Map.of(), bare.floatBuffers());
        assertFalse(bare.metadata().containsKey("image_height"));
        IllegalStateException e = assertThrows(IllegalStateException.class, bare::graph);
        assertEquals("incode's harmonizer reads the training image: give it with withImage", e.getMessage());

        float[] grey = new float[4 * 5];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = i / 20f;
        }
        IncodeConfig bound = (IncodeConfig) bare.forTrainingImage(grey, 4, 5, 1);
        float[] planes = new float[3 * 20];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(grey, 0, planes, c * 20, 20);
        }
        assertArrayEquals(planes, bound.image().chw());
        Map<String, TensorData> buffers = bound.floatBuffers();
        assertEquals(Set.of(IncodeConfig.IMAGE_TENSOR), buffers.keySet());
        assertArrayEquals(new long[] {1, 3, 4, 5}, buffers.get(IncodeConfig.IMAGE_TENSOR).shape());
        assertArrayEquals(planes, buffers.get(IncodeConfig.IMAGE_TENSOR).floats());
        assertEquals("4", bound.metadata().get("image_height"));
        assertEquals("5", bound.metadata().get("image_width"));

        IncodeConfig five = bound.withOutFeatures(5);
        assertEquals(bound.harmonizer(), five.harmonizer());
        assertArrayEquals(bound.penalty(), five.penalty());
        assertArrayEquals(planes, five.image().chw());

        for (TensorData wrong : List.of(TensorData.f32(new long[] {1, 1, 4, 5}, new float[20]),
                TensorData.f32(new long[] {2, 3, 4, 5}, new float[120]), TensorData.f32(new long[] {3, 4, 5},
                        new float[60]), TensorData.i64(new long[] {1, 3, 1, 1}, new long[3]))) {
            CheckpointException c = assertThrows(CheckpointException.class,
                    () -> bare.withCheckpointTensors(Map.of(IncodeConfig.IMAGE_TENSOR, wrong), "f"));
            assertEquals("f: an incode checkpoint needs its harmonizer's image, the tensor ground_truth [1, 3, H, W]",
                    c.getMessage());
        }
        assertThrows(CheckpointException.class, () -> bare.withCheckpointTensors(Map.of(), "f"));
    }

    /** Initial values: the first layer U(+-1/in), the later ones U(+-sqrt(6/in)/omega), biases U(+-1/sqrt(in)). */
    @Test
    void incodeDrawsSirensInitialisation() {
        int width = 40;
        IncodeConfig config = new IncodeConfig(new MlpShape(2, 3, width, 1), 30f, 20f,
                new IncodeHarmonizer(2, 0, 2, 2, 0f), IncodeConfig.PENALTY, new IncodeImage(8, 8, new float[192]));
        Map<String, Double> bounds = Map.of("net.0.linear.weight", 1.0 / 2, "net.0.linear.bias", 1 / Math.sqrt(2),
                "net.1.linear.weight", Math.sqrt(6.0 / width) / 20, "net.1.linear.bias", 1 / Math.sqrt(width),
                "net.2.weight", Math.sqrt(6.0 / width) / 20, "net.2.bias", 1 / Math.sqrt(width));
        Map<String, Double> largest = new LinkedHashMap<>();
        for (long seed = 0; seed < 30; seed++) {
            config.graph().initialParameters(seed).forEach((name, values) -> {
                for (float v : values) {
                    largest.merge(name, (double) Math.abs(v), Math::max);
                }
            });
        }
        bounds.forEach((name, bound) -> {
            double max = largest.get(name);
            assertTrue(max <= bound * (1 + 1e-6) && max >= 0.9 * bound, name + ": largest " + max + ", bound " + bound);
        });
    }

    @Test
    void aModelThatReadsNoImageIgnoresIt() {
        ReluConfig relu = new ReluConfig(new MlpShape(2, 3, 4, 1));
        assertFalse(relu.readsTrainingImage());
        assertSame(relu, relu.forTrainingImage(new float[12], 2, 2, 3));
        assertSame(relu, relu.withCheckpointTensors(Map.of(), "f"));
        // 2*4+4 + 4*4+4 + 4*3+3
        assertEquals(47, relu.parameterCount());
    }

    @Test
    void aRadianceFieldsMetadataNestsItsPositionNetworks() {
        NerfFieldConfig field = NerfFieldConfig.of(new SirenConfig(new MlpShape(3, 1, 4, 1), 30f, 20f), 2, 5, 1);
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("format", "sl2a");
        expected.put("model", "nerf");
        expected.put("features", "2");
        expected.put("color_width", "5");
        expected.put("color_layers", "1");
        expected.put("position.format", "sl2a");
        expected.put("position.model", "siren");
        expected.put("position.in_features", "3");
        expected.put("position.out_features", "2");
        expected.put("position.width", "4");
        expected.put("position.hidden_layers", "1");
        expected.put("position.first_omega", "30.0");
        expected.put("position.hidden_omega", "20.0");
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(field.metadata().entrySet()));
        assertEquals(field, ModelRegistry.fromMetadata(field.metadata(), "f"));
    }

    @Test
    void optionsAreDeclaredOnce() {
        ModelOption count = ModelOption.integer("grid-size", 5, ">= 1", "intervals");
        assertEquals(new ModelOption("grid-size", ModelOption.Type.INTEGER, 5, "5", "grid_size", ">= 1", "intervals",
                count.codec()), count);
        assertEquals("--grid-size", count.flag());
        assertEquals("grid_size", count.jsonKey());
        assertEquals(7, count.codec().read().apply(" 7 "));
        assertEquals("7", count.codec().write().apply(7));

        ModelOption scale = ModelOption.number("ff-scale", 10f, "> 0", "s");
        assertEquals("10", scale.defaultText());
        assertEquals("ff_scale", scale.metadataKey());
        assertEquals(2.5f, scale.codec().read().apply("2.5"));
        assertEquals("0.25", ModelOption.number("x", 0.25f, "", "").defaultText());
        assertEquals("2.5", scale.withDefault(2.5f).defaultText());
        assertEquals(2.5f, scale.withDefault(2.5f).defaultValue());
        assertEquals("3", scale.withDefault(3f).defaultText());
        assertEquals("300", SharedOptions.WIDTH.withDefault(300).defaultText());

        ModelOption flag = ModelOption.flag("no-relu", "off");
        assertEquals(ModelOption.Type.FLAG, flag.type());
        assertEquals(false, flag.defaultValue());
        assertEquals("off", flag.defaultText());
        assertEquals("", flag.range());
        assertEquals(true, flag.codec().read().apply("true"));

        ModelOption text = ModelOption.text("rank", null, "full", "rank");
        assertEquals(ModelOption.Type.TEXT, text.type());
        assertNull(text.defaultValue());
        assertEquals("full", text.defaultText());
        assertEquals(" 4", text.codec().read().apply(" 4"));

        ModelOption stored = count.storedAs("grid");
        assertEquals("grid", stored.metadataKey());
        assertEquals(count.name(), stored.name());
        assertEquals(count.defaultValue(), stored.defaultValue());
        ModelOption worded = count.storedAs("g", v -> "n" + v, s -> Integer.parseInt(s.substring(1)));
        assertEquals("g", worded.metadataKey());
        assertEquals("n5", worded.codec().write().apply(5));
        assertEquals(6, worded.codec().read().apply("n6"));
        assertEquals("other", count.withHelp("other").help());
        assertEquals(">= 2", count.withRange(">= 2").range());
        assertEquals(5, count.withHelp("other").withRange(">= 2").defaultValue());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelOption.integer("Width",
                1, "", ""));
        assertEquals("an option name is lower case with dashes: Width", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ModelOption("x", ModelOption.Type.INTEGER, 1.5f,
                "", "x", "", "", count.codec()));
        assertEquals("option x is INTEGER but its default is 1.5", e.getMessage());
        assertNull(new ModelOption("x", ModelOption.Type.INTEGER, null, "", "x", "", "", count.codec()).defaultValue());
    }

    @Test
    void optionValuesAreTheGivenElseTheDefault() {
        OptionValues none = OptionValues.none();
        assertEquals(Map.of(), none.given());
        assertFalse(none.has(SharedOptions.WIDTH));
        assertEquals(256, none.integer(SharedOptions.WIDTH));
        assertEquals("{}", none.toString());
        OptionValues eight = none.withDefault(SharedOptions.WIDTH, 8);
        assertTrue(eight.has(SharedOptions.WIDTH));
        assertEquals(8, eight.integer(SharedOptions.WIDTH));
        assertSame(eight, eight.withDefault(SharedOptions.WIDTH, 9));
        assertEquals("{width=8}", eight.toString());
        OptionValues shape = new MlpShape(2, 3, 16, 2).optionValues(SharedOptions.OMEGA0, 5f);
        assertEquals(List.of("width", "layers", "omega0"), List.copyOf(shape.given().keySet()));
        assertEquals(16, shape.integer(SharedOptions.WIDTH));
        assertEquals(2, shape.integer(SharedOptions.LAYERS));
        assertEquals(5f, shape.number(SharedOptions.OMEGA0));
    }

    @Test
    void specsSayWhatTheyAre() {
        ModelSpec relu = ModelRegistry.find("relu").orElseThrow();
        assertEquals("ReLU MLP on the raw coordinates", relu.description());
        assertEquals(1e-3, relu.learningRate());
        assertEquals(1024, relu.batch());
        assertEquals("model relu", relu.toString());
        assertSame(SharedOptions.WIDTH, relu.option("width"));
        assertNull(relu.option("degree"));
        assertEquals(List.of("sl2a", "relu", "relu-pe", "siren", "gauss", "wire", "finer", "chebykan", "mfn-fourier",
                "mfn-gabor", "kan", "incode", "fourier-features", "hashgrid", "grid"), ModelRegistry.names());
        assertEquals(2, new ReluConfig(new MlpShape(2, 3, 4, 1)).inFeatures());
        // Adam: PyTorch's unless the model's authors used others (instant-ngp's for the grid models).
        assertEquals(AdamSettings.PYTORCH, relu.adam());
        assertEquals(new AdamSettings(0.9, 0.99, 1e-15), ModelRegistry.find("hashgrid").orElseThrow().adam());
        assertEquals(new AdamSettings(0.9, 0.99, 1e-15), ModelRegistry.find("grid").orElseThrow().adam());
    }

    @Test
    void malformedMetadataIsOneClearLine() {
        Map<String, String> fields = new LinkedHashMap<>(ModelRegistry.find("siren").orElseThrow()
                .build(2, 3, OptionValues.none()).metadata());
        ModelMetadata meta = new ModelMetadata(fields, "src");
        assertSame(fields, meta.fields());
        assertEquals("src", meta.source());
        fields.put("first_omega", "fast");
        fields.put("hidden_layers", "many");
        CheckpointException e = assertThrows(CheckpointException.class, () -> meta.value(SharedOptions.OMEGA0));
        assertEquals("src: metadata 'first_omega' is not a number", e.getMessage());
        e = assertThrows(CheckpointException.class, () -> meta.number("first_omega"));
        assertEquals("src: metadata 'first_omega' is not a number", e.getMessage());
        e = assertThrows(CheckpointException.class, () -> meta.value(SharedOptions.LAYERS));
        assertEquals("src: metadata 'hidden_layers' is not an integer", e.getMessage());
        fields.put("first_omega", "2.5");
        assertEquals(2.5f, meta.number("first_omega"));
    }
}
