package io.sl2a.nn.models;

import io.sl2a.nn.checkpoint.CheckpointException;
import io.sl2a.nn.checkpoint.Safetensors;
import io.sl2a.nn.checkpoint.TensorData;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.nn.graph.ParameterShape;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trained network of any model as a safetensors file: the reference module's state_dict names
 * and shapes, so it loads into that module with strict loading (the integer and float buffers it
 * registers included), the model's name and configuration in {@code __metadata__}. A file without
 * metadata (a plain state_dict export) is read as {@link ModelRegistry#UNNAMED_CHECKPOINT_MODEL}'s,
 * its configuration read off the shapes.
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

    /** Checks names, shapes and dtypes against the configuration the file describes; any mismatch is one clear line. */
    public static ModelCheckpoint from(Safetensors.Contents contents, String source) {
        ModelConfig config = (contents.metadata().containsKey(ModelMetadata.FORMAT)
                ? ModelRegistry.fromMetadata(contents.metadata(), source)
                : ModelRegistry.find(ModelRegistry.UNNAMED_CHECKPOINT_MODEL).orElseThrow().fromTensors(contents.tensors(), source))
                .withCheckpointTensors(contents.tensors(), source);
        Set<String> buffers = new HashSet<>(config.integerBuffers().keySet());
        buffers.addAll(config.floatBuffers().keySet());
        // A PyTorch BatchNorm's step counter: it only matters without momentum (ours have 0.1), so it
        // is neither needed nor written; PyTorch fills it in when a state_dict lacks it.
        for (ParameterShape p : shapes(config)) {
            if (p.name().endsWith(".running_mean")) {
                buffers.add(p.name().substring(0, p.name().length() - "running_mean".length()) + "num_batches_tracked");
            }
        }
        Map<String, float[]> parameters = CheckpointTensors.parameters(contents.tensors(), shapes(config), buffers,
                source,
                config.describe());
        requireIntegerBuffersFit(contents.tensors(), config, source);
        requireBuffersAgree(contents.tensors(), config, source);
        return new ModelCheckpoint(config, parameters);
    }

    /** An integer buffer a checkpoint has (an arange beside Chebyshev coefficients) must have the model's length. */
    private static void requireIntegerBuffersFit(Map<String, TensorData> tensors, ModelConfig config, String source) {
        for (Map.Entry<String, long[]> buffer : config.integerBuffers().entrySet()) {
            TensorData t = tensors.get(buffer.getKey());
            if (t != null && t.elementCount() != buffer.getValue().length) {
                throw new CheckpointException(source + ": tensor " + buffer.getKey() + " has shape " + t.shapeText()
                        + ", expected [" + buffer.getValue().length + "]");
            }
        }
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
