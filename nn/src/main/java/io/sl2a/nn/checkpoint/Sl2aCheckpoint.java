package io.sl2a.nn.checkpoint;

import io.sl2a.nn.model.ParameterShape;
import io.sl2a.nn.model.Sl2aConfig;
import io.sl2a.nn.model.Sl2aLayout;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trained SL2A network as a safetensors file whose tensor names and shapes are the reference
 * PyTorch module's state_dict (including the integer buffer {@code net.0.cheby.arange}), so it
 * loads into that module with strict loading. The configuration travels in {@code __metadata__};
 * a file without it (a plain state_dict export) has its configuration inferred from the shapes.
 */
public record Sl2aCheckpoint(Sl2aConfig config, Map<String, float[]> parameters) {

    public Sl2aCheckpoint {
        parameters = new LinkedHashMap<>(parameters);
        for (ParameterShape p : Sl2aLayout.parameters(config)) {
            float[] values = parameters.get(p.name());
            if (values == null || values.length != p.size()) {
                throw new IllegalArgumentException("parameter " + p + " missing or of the wrong size");
            }
        }
    }

    public byte[] toBytes() {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (ParameterShape p : Sl2aLayout.parameters(config)) {
            tensors.put(p.name(), TensorData.f32(CheckpointTensors.toLong(p.shape()), parameters.get(p.name())));
            if (p.name().equals(Sl2aLayout.COEFFICIENTS)) {
                long[] arange = new long[config.degree() + 1];
                Arrays.setAll(arange, k -> k);
                tensors.put(Sl2aLayout.ARANGE, TensorData.i64(new long[] {arange.length}, arange));
            }
        }
        return Safetensors.serialize(tensors, CheckpointMetadata.of(config));
    }

    public static Sl2aCheckpoint load(Path path) {
        return from(Safetensors.read(path), path.toString());
    }

    /** Checks names, shapes and dtypes against the configuration; any mismatch is one clear line. */
    public static Sl2aCheckpoint from(Safetensors.Contents contents, String source) {
        Sl2aConfig config = contents.metadata().containsKey(CheckpointMetadata.FORMAT)
                ? CheckpointMetadata.parse(contents.metadata(), source)
                : CheckpointMetadata.infer(contents.tensors(), source);
        Map<String, TensorData> tensors = contents.tensors();
        Map<String, float[]> parameters = CheckpointTensors.parameters(tensors, Sl2aLayout.parameters(config),
                java.util.Set.of(Sl2aLayout.ARANGE), source, describe(config));
        TensorData arange = tensors.get(Sl2aLayout.ARANGE);
        if (arange != null && (arange.elementCount() != config.degree() + 1)) {
            throw new CheckpointException(source + ": tensor " + Sl2aLayout.ARANGE + " has shape " + arange.shapeText()
                    + ", expected [" + (config.degree() + 1) + "]");
        }
        return new Sl2aCheckpoint(config, parameters);
    }

    static String describe(Sl2aConfig c) {
        return "an SL2A network with degree " + c.degree() + ", width " + c.width() + ", " + c.hiddenLayers()
                + " hidden layers of rank " + (c.fullRank() ? "full" : Integer.toString(c.rank()));
    }
}
