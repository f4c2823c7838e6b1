package io.sl2a.nn.models;

import io.sl2a.nn.checkpoint.CheckpointException;
import io.sl2a.nn.checkpoint.Safetensors;
import io.sl2a.nn.checkpoint.TensorData;
import io.sl2a.nn.graph.ParameterShape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The parameters of a checkpoint, checked against the names, shapes and dtypes a model expects. */
final class CheckpointTensors {
    private CheckpointTensors() {
    }

    /**
     * The floats of every expected tensor; a missing one, a wrong shape, an integer dtype or a
     * tensor the model does not have (other than {@code ignored}) is one clear message.
     */
    static Map<String, float[]> parameters(Map<String, TensorData> tensors, List<ParameterShape> expected,
            Set<String> ignored,
            String source, String model) {
        Map<String, float[]> parameters = new LinkedHashMap<>();
        for (ParameterShape p : expected) {
            TensorData t = tensors.get(p.name());
            if (t == null) {
                throw new CheckpointException(source + ": missing tensor " + p.name() + " (expected shape "
                        + Arrays.toString(p.shape()) + ")");
            }
            if (!Arrays.equals(t.shape(), toLong(p.shape()))) {
                throw new CheckpointException(source + ": tensor " + p.name() + " has shape " + t.shapeText()
                        + ", expected " + Arrays.toString(p.shape()));
            }
            if (!t.isFloating()) {
                throw new CheckpointException(source + ": tensor " + p.name() + " has integer dtype " + t.dtype());
            }
            parameters.put(p.name(), t.floats());
        }
        for (String name : tensors.keySet()) {
            if (!ignored.contains(name) && !parameters.containsKey(name)) {
                throw new CheckpointException(source + ": unexpected tensor " + Safetensors.quote(name) + " for " + model);
            }
        }
        return parameters;
    }

    static long[] toLong(int[] shape) {
        long[] result = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            result[i] = shape[i];
        }
        return result;
    }
}
