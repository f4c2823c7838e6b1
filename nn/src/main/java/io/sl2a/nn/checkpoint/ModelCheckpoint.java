package io.sl2a.nn.checkpoint;

import io.sl2a.nn.graph.Parameter;
import io.sl2a.nn.model.ParameterShape;
import io.sl2a.nn.model.Sl2aConfig;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.models.Models;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trained network of any model as a safetensors file: the reference module's state_dict names
 * and shapes (SL2A's exactly as {@link Sl2aCheckpoint} writes them), the model's name and
 * configuration in {@code __metadata__}.
 */
public record ModelCheckpoint(ModelConfig config, Map<String, float[]> parameters) {

    public ModelCheckpoint {
        parameters = new LinkedHashMap<>(parameters);
        for (ParameterShape p : shapes(config)) {
            float[] values = parameters.get(p.name());
            if (values == null || values.length != p.size()) {
                throw new IllegalArgumentException("parameter " + p + " missing or of the wrong size");
            }
        }
    }

    private static List<ParameterShape> shapes(ModelConfig config) {
        return config.graph().parameters().stream().map(Parameter::shape).toList();
    }

    public byte[] toBytes() {
        if (config instanceof Sl2aConfig sl2a) {
            return new Sl2aCheckpoint(sl2a, parameters).toBytes();
        }
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (ParameterShape p : shapes(config)) {
            tensors.put(p.name(), TensorData.f32(CheckpointTensors.toLong(p.shape()), parameters.get(p.name())));
        }
        for (Map.Entry<String, long[]> buffer : config.integerBuffers().entrySet()) {
            tensors.put(buffer.getKey(), TensorData.i64(new long[] {buffer.getValue().length}, buffer.getValue()));
        }
        tensors.putAll(config.floatBuffers());
        return Safetensors.serialize(tensors, config.metadata());
    }

    public static ModelCheckpoint load(Path path) {
        return from(Safetensors.read(path), path.toString());
    }

    /** SL2A's checkpoints (with or without metadata) as before; every other model by its metadata. */
    public static ModelCheckpoint from(Safetensors.Contents contents, String source) {
        String model = contents.metadata().get("model");
        if (model == null || model.equals("sl2a")) {
            Sl2aCheckpoint sl2a = Sl2aCheckpoint.from(contents, source);
            return new ModelCheckpoint(sl2a.config(), sl2a.parameters());
        }
        ModelConfig config = Models.fromMetadata(contents.metadata(), source).withCheckpointTensors(contents.tensors(), source);
        Set<String> buffers = new HashSet<>(config.integerBuffers().keySet());
        buffers.addAll(config.floatBuffers().keySet());
        // A PyTorch BatchNorm's step counter: it only matters without momentum (ours have 0.1), so it
        // is neither needed nor written; PyTorch fills it in when a state_dict lacks it.
        for (ParameterShape p : shapes(config)) {
            if (p.name().endsWith(".running_mean")) {
                buffers.add(p.name().substring(0, p.name().length() - "running_mean".length()) + "num_batches_tracked");
            }
        }
        Map<String, float[]> parameters = CheckpointTensors.parameters(contents.tensors(), shapes(config), buffers, source,
                "a " + model + " network");
        requireBuffersAgree(contents.tensors(), config, source);
        return new ModelCheckpoint(config, parameters);
    }

    /**
     * A float buffer a checkpoint has must hold what its metadata says (the metadata decides the
     * network), to float rounding: another program may compute a grid's knots in another order.
     */
    private static void requireBuffersAgree(Map<String, TensorData> tensors, ModelConfig config, String source) {
        for (Map.Entry<String, TensorData> buffer : config.floatBuffers().entrySet()) {
            TensorData t = tensors.get(buffer.getKey());
            if (t == null) {
                continue;
            }
            float[] expected = buffer.getValue().floats();
            boolean agrees = t.isFloating() && Arrays.equals(t.shape(), buffer.getValue().shape());
            for (int i = 0; agrees && i < expected.length; i++) {
                agrees = Math.abs(t.floats()[i] - expected[i]) <= 1e-6f * Math.max(1f, Math.abs(expected[i]));
            }
            if (!agrees) {
                String found = t.isFloating() ? t.shapeText() + " " + abbreviated(t.floats()) : "of integer dtype " + t.dtype();
                throw new CheckpointException(source + ": tensor " + buffer.getKey() + " is " + found
                        + " but the metadata says " + buffer.getValue().shapeText() + " " + abbreviated(expected));
            }
        }
    }

    private static String abbreviated(float[] values) {
        return values.length <= 4 ? Arrays.toString(values)
                : Arrays.toString(Arrays.copyOf(values, 4)).replace("]", ", ...]");
    }
}
