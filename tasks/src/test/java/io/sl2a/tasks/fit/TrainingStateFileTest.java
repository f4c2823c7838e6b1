package io.sl2a.tasks.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.nn.checkpoint.Safetensors;
import io.sl2a.nn.checkpoint.TensorData;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.models.ModelRegistry;
import io.sl2a.nn.models.ModelSpec;
import io.sl2a.nn.models.OptionValues;
import io.sl2a.nn.train.TrainingState;
import io.sl2a.tasks.io.UserInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A training state carries its model byte for byte: for every registered model, the model read
 * back from the state writes the very bytes of {@code model.safetensors}, so that --resume can
 * tell a model.safetensors newer than its state (a run killed between the two writes) from the
 * state's own, and never rewrites one that is the state's.
 */
class TrainingStateFileTest {
    @TempDir
    Path temp;

    static java.util.List<String> models() {
        return ModelRegistry.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void theStateCarriesTheModelByteForByte(String name) throws Exception {
        ModelSpec spec = ModelRegistry.find(name).orElseThrow();
        ModelConfig config = spec.build(2, 3, OptionValues.none());
        if (config.readsTrainingImage()) {
            float[] pixels = new float[8 * 6 * 3];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (i % 7) / 7f;
            }
            config = config.forTrainingImage(pixels, 6, 8, 3);
        }
        ModelCheckpoint model = new ModelCheckpoint(config, config.graph().initialParameters(4));
        Map<String, float[]> moments = new LinkedHashMap<>();
        model.parameters().forEach((k, v) -> moments.put("adam.m/" + k, v.clone()));
        TrainingStateFile.Saved saved = new TrainingStateFile.Saved(new TrainingState(3, 17, 40, 0.5, 1.25),
                new TrainingStateFile.Run(9, 64, 1e-3, 4, true, 8, 6, 3, "init.safetensors"), new double[] {10, 11, 12},
                2.5, moments, model);
        Path file = temp.resolve(TrainingStateFile.NAME);
        TrainingStateFile.write(file, saved);
        TrainingStateFile.Saved read = TrainingStateFile.read(file);
        assertArrayEquals(model.toBytes(), read.model().toBytes(), name);
        assertEquals(saved.state(), read.state());
        assertEquals(saved.run(), read.run());
        assertEquals(moments.keySet(), read.moments().keySet(), "the model's tensors are not moments");
        assertArrayEquals(new double[] {10, 11, 12}, read.psnrPerEpoch());
    }

    @org.junit.jupiter.api.Test
    void aStateWrittenBeforeStatesCarriedTheirModelReadsWithoutOne() throws Exception {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "sl2a-training-state");
        for (String key : new String[] {"epoch", "position", "step", "batch", "seed", "width", "height", "channels",
            "epochs"}) {
            meta.put(key, "1");
        }
        meta.put("epoch_squared_error", "0.0");
        meta.put("epoch_seconds", "0.0");
        meta.put("lr", "0.001");
        meta.put("grid", "true");
        meta.put("psnr_per_epoch", "");
        meta.put("train_seconds", "0.0");
        Map<String, TensorData> tensors = Map.of("adam.m/w", TensorData.f32(new long[] {2}, new float[] {1, 2}));
        Path file = temp.resolve(TrainingStateFile.NAME);
        Files.write(file, Safetensors.serialize(tensors, meta));
        TrainingStateFile.Saved read = TrainingStateFile.read(file);
        assertNull(read.model(), "model.safetensors stands in");
        assertNull(read.run().init());
        Files.write(file, Safetensors.serialize(tensors, Map.of("format", "sl2a-training-state")));
        UserInputException damaged = assertThrows(UserInputException.class, () -> TrainingStateFile.read(file));
        assertTrue(damaged.getMessage().startsWith(file + " is damaged: "), damaged.getMessage());
    }
}
