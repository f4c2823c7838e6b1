package io.sl2a.tasks.nerf;

import io.sl2a.nn.checkpoint.Safetensors;
import io.sl2a.nn.checkpoint.TensorData;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a stopped NeRF run needs to continue ({@code --resume DIR}): the parameters and Adam's
 * moments, the iterations done and the training PSNR so far, and the settings it ran with (a resumed
 * run keeps them), in DIR/{@value #FILE}.
 */
record NerfRunState(Map<String, float[]> parameters, Map<String, float[]> moments, int iterations, double[] psnr,
        float[] grid, Map<String, String> settings) {
    static final String FILE = "run-state.safetensors";
    private static final String PARAMETER = "parameter/";
    private static final String MOMENT = "moment/";

    void write(Path dir) throws IOException {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        parameters.forEach((k, v) -> tensors.put(PARAMETER + k, TensorData.f32(new long[] {v.length}, v)));
        moments.forEach((k, v) -> tensors.put(MOMENT + k, TensorData.f32(new long[] {v.length}, v)));
        float[] curve = new float[Math.max(1, iterations)];
        for (int i = 0; i < iterations; i++) {
            curve[i] = (float) psnr[i];
        }
        tensors.put("psnr", TensorData.f32(new long[] {curve.length}, curve));
        if (grid != null) {
            tensors.put("grid", TensorData.f32(new long[] {grid.length}, grid));
        }
        Map<String, String> meta = new LinkedHashMap<>(settings);
        meta.put("iterations_done", Integer.toString(iterations));
        AtomicFiles.write(dir.resolve(FILE), Safetensors.serialize(tensors, meta));
    }

    static NerfRunState read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new UserInputException("--resume " + dir + ": no " + FILE + " there (a run writes it at each checkpoint)");
        }
        try {
            Safetensors.Contents c = Safetensors.read(file);
            Map<String, float[]> parameters = new LinkedHashMap<>();
            Map<String, float[]> moments = new LinkedHashMap<>();
            c.tensors().forEach((k, v) -> {
                if (k.startsWith(PARAMETER)) {
                    parameters.put(k.substring(PARAMETER.length()), v.floats());
                } else if (k.startsWith(MOMENT)) {
                    moments.put(k.substring(MOMENT.length()), v.floats());
                }
            });
            Map<String, String> settings = new LinkedHashMap<>(c.metadata());
            int done = Integer.parseInt(settings.remove("iterations_done"));
            float[] curve = c.tensors().get("psnr").floats();
            double[] psnr = new double[done];
            for (int i = 0; i < done; i++) {
                psnr[i] = curve[i];
            }
            TensorData grid = c.tensors().get("grid");
            return new NerfRunState(parameters, moments, done, psnr, grid == null ? null : grid.floats(), settings);
        } catch (RuntimeException e) { // a CheckpointException, or a missing or malformed field
            throw new UserInputException("--resume " + dir + ": damaged " + FILE + " (" + e.getMessage() + ")");
        }
    }
}
