package io.sl2a.tasks.fit;

import io.sl2a.nn.checkpoint.Safetensors;
import io.sl2a.nn.checkpoint.TensorData;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's checkpoint carried inside a training state file: its tensors under {@value #TENSORS}
 * and its metadata under {@value #METADATA}, byte for byte what {@code model.safetensors} holds. A
 * state that carries its model is the whole of what a run continues from, one file renamed into
 * place at once: a run killed between writing {@code model.safetensors} and its state leaves a
 * newer model beside the older state, never a state without its model.
 */
public final class EmbeddedModel {
    static final String TENSORS = "model/";
    static final String METADATA = "model:";

    private EmbeddedModel() {
    }

    /** Adds the checkpoint file's contents ({@code checkpoint}, its bytes) to a state's tensors and metadata. */
    public static void put(byte[] checkpoint, Map<String, TensorData> tensors, Map<String, String> metadata) {
        Safetensors.Contents model = Safetensors.parse(checkpoint, "model");
        model.tensors().forEach((name, tensor) -> tensors.put(TENSORS + name, tensor));
        model.metadata().forEach((key, value) -> metadata.put(METADATA + key, value));
    }

    /** The checkpoint carried in a state's contents, or null if it carries none (a state written before it did). */
    public static Safetensors.Contents take(Safetensors.Contents state) {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        state.tensors().forEach((name, tensor) -> {
            if (name.startsWith(TENSORS)) {
                tensors.put(name.substring(TENSORS.length()), tensor);
            }
        });
        state.metadata().forEach((key, value) -> {
            if (key.startsWith(METADATA)) {
                metadata.put(key.substring(METADATA.length()), value);
            }
        });
        return tensors.isEmpty() ? null : new Safetensors.Contents(tensors, metadata);
    }

    /** The checkpoint's bytes again, as they were written (for comparing with {@code model.safetensors}). */
    public static byte[] bytes(Safetensors.Contents model) {
        return Safetensors.serialize(model.tensors(), model.metadata());
    }
}
