package io.sl2a.tasks.fit;

import io.sl2a.nn.checkpoint.CheckpointException;
import io.sl2a.nn.checkpoint.Safetensors;
import io.sl2a.nn.checkpoint.TensorData;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.nn.train.TrainingState;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code training_state.safetensors}: all a stopped fit needs to continue exactly, in one file:
 * the model as {@code model.safetensors} holds it ({@link EmbeddedModel}), Adam's moments (tensors
 * {@code adam.m/NAME}, {@code adam.v/NAME}), the position in the run ({@link TrainingState}), the
 * run's settings and the PSNR of the epochs done so far. Written after the other outputs, and
 * renamed into place at once: whatever moment a run is killed at, the directory holds this file
 * whole, as of the checkpoint before or the one being written, and {@code --resume} reads nothing
 * else (a state written before it carried its model takes {@code model.safetensors}).
 */
public final class TrainingStateFile {
    public static final String NAME = "training_state.safetensors";
    private static final String FORMAT = "sl2a-training-state";

    private TrainingStateFile() {
    }

    /**
     * The run's settings, which a resumed run keeps; {@code init} is the {@code --init} checkpoint
     * as given (null: none).
     */
    public record Run(int epochs, int batch, double learningRate, long seed, boolean grid, int width, int height,
            int channels, String init) {
        public Run(int epochs, int batch, double learningRate, long seed, boolean grid, int width, int height,
                int channels) {
            this(epochs, batch, learningRate, seed, grid, width, height, channels, null);
        }

        /** These settings with {@code --init} as given. */
        public Run withInit(String checkpoint) {
            return new Run(epochs, batch, learningRate, seed, grid, width, height, channels, checkpoint);
        }
    }

    /**
     * A stopped run: where it stands, its settings, its history so far, Adam's moments, and its
     * model (null only when read from a state written before states carried their model).
     */
    public record Saved(TrainingState state, Run run, double[] psnrPerEpoch, double trainSeconds, Map<String, float[]> moments,
            ModelCheckpoint model) {
        /** The same state with other settings. */
        public Saved with(Run other) {
            return new Saved(state, other, psnrPerEpoch, trainSeconds, moments, model);
        }
    }

    public static void write(Path file, Saved saved) {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        saved.moments().forEach((name, values) -> tensors.put(name, TensorData.f32(new long[] {values.length}, values)));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        EmbeddedModel.put(saved.model().toBytes(), tensors, meta);
        TrainingState s = saved.state();
        meta.put("epoch", Integer.toString(s.epoch()));
        meta.put("position", Integer.toString(s.position()));
        meta.put("step", Long.toString(s.step()));
        meta.put("epoch_squared_error", Double.toString(s.epochSquaredError()));
        meta.put("epoch_seconds", Double.toString(s.epochSeconds()));
        Run r = saved.run();
        meta.put("epochs", Integer.toString(r.epochs()));
        meta.put("batch", Integer.toString(r.batch()));
        meta.put("lr", Double.toString(r.learningRate()));
        meta.put("seed", Long.toString(r.seed()));
        meta.put("grid", Boolean.toString(r.grid()));
        meta.put("width", Integer.toString(r.width()));
        meta.put("height", Integer.toString(r.height()));
        meta.put("channels", Integer.toString(r.channels()));
        if (r.init() != null) {
            meta.put("init", r.init());
        }
        meta.put("psnr_per_epoch", Arrays.stream(saved.psnrPerEpoch()).mapToObj(v -> Double.toString(v))
                .collect(Collectors.joining(",")));
        meta.put("train_seconds", Double.toString(saved.trainSeconds()));
        try {
            AtomicFiles.write(file, Safetensors.serialize(tensors, meta));
        } catch (IOException e) {
            throw new UserInputException("cannot write " + file + ": " + IoErrors.reason(e));
        }
    }

    public static Saved read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserInputException(file.getParent() + " has no " + NAME + ": nothing to resume (the run finished, or"
                    + " was neither stopped nor started with --checkpoint-every)");
        }
        Safetensors.Contents contents;
        try {
            contents = Safetensors.read(file);
        } catch (CheckpointException e) {
            throw new UserInputException(e.getMessage());
        }
        Map<String, String> meta = contents.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new UserInputException(file + " is not a training state (format '" + meta.get("format") + "')");
        }
        try {
            TrainingState state = new TrainingState(Integer.parseInt(meta.get("epoch")), Integer.parseInt(meta.get("position")),
                    Long.parseLong(meta.get("step")), Double.parseDouble(meta.get("epoch_squared_error")),
                    Double.parseDouble(meta.get("epoch_seconds")));
            Run run = new Run(Integer.parseInt(meta.get("epochs")), Integer.parseInt(meta.get("batch")),
                    Double.parseDouble(meta.get("lr")), Long.parseLong(meta.get("seed")), Boolean.parseBoolean(meta.get("grid")),
                    Integer.parseInt(meta.get("width")), Integer.parseInt(meta.get("height")),
                    Integer.parseInt(meta.get("channels")), meta.get("init"));
            String history = meta.get("psnr_per_epoch");
            double[] psnr = history.isEmpty() ? new double[0]
                    : Arrays.stream(history.split(",")).mapToDouble(Double::parseDouble).toArray();
            Map<String, float[]> moments = new LinkedHashMap<>();
            contents.tensors().forEach((name, t) -> {
                if (!name.startsWith(EmbeddedModel.TENSORS)) {
                    moments.put(name, t.floats());
                }
            });
            Safetensors.Contents embedded = EmbeddedModel.take(contents);
            ModelCheckpoint model = embedded == null ? null : ModelCheckpoint.from(embedded, file + " (its model)");
            return new Saved(state, run, psnr, Double.parseDouble(meta.get("train_seconds")), moments, model);
        } catch (CheckpointException e) {
            throw new UserInputException(file + " is damaged: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new UserInputException(file + " is damaged: " + String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT));
        }
    }
}
