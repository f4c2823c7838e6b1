package io.sl2a.tasks.fit;

import io.sl2a.nn.checkpoint.CheckpointException;
import io.sl2a.nn.checkpoint.Safetensors;
import io.sl2a.nn.checkpoint.TensorData;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.nn.train.TrainingState;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.io.UserText;
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
        if (saved.model() != null) { // a state without its model is one written before it held it
            EmbeddedModel.put(saved.model().toBytes(), tensors, meta);
        }
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
            throw new UserInputException(file + " is not a training state (format '"
                    + (meta.get("format") == null ? null : UserText.quote(meta.get("format"))) + "')");
        }
        Saved saved;
        try {
            TrainingState state = new TrainingState(Integer.parseInt(field(meta, "epoch")),
                    Integer.parseInt(field(meta, "position")), Long.parseLong(field(meta, "step")),
                    Double.parseDouble(field(meta, "epoch_squared_error")), Double.parseDouble(field(meta, "epoch_seconds")));
            Run run = new Run(Integer.parseInt(field(meta, "epochs")), Integer.parseInt(field(meta, "batch")),
                    Double.parseDouble(field(meta, "lr")), Long.parseLong(field(meta, "seed")),
                    Boolean.parseBoolean(field(meta, "grid")), Integer.parseInt(field(meta, "width")),
                    Integer.parseInt(field(meta, "height")), Integer.parseInt(field(meta, "channels")), meta.get("init"));
            String history = field(meta, "psnr_per_epoch");
            double[] psnr = history.isEmpty() ? new double[0]
                    : Arrays.stream(history.split(",")).mapToDouble(Double::parseDouble).toArray();
            Map<String, float[]> moments = new LinkedHashMap<>();
            contents.tensors().forEach((name, t) -> {
                if (name.startsWith(EmbeddedModel.TENSORS)) {
                    return;
                }
                if (!t.isFloating()) {
                    throw new IllegalArgumentException("Adam's moment " + Safetensors.quote(name) + " is not a float tensor");
                }
                moments.put(name, t.floats());
            });
            Safetensors.Contents embedded = EmbeddedModel.take(contents);
            ModelCheckpoint model = embedded == null ? null : ModelCheckpoint.from(embedded, file + " (its model)");
            saved = new Saved(state, run, psnr, Double.parseDouble(field(meta, "train_seconds")), moments, model);
        } catch (CheckpointException e) {
            throw new UserInputException(file + " is damaged: " + e.getMessage());
        } catch (RuntimeException e) {
            throw damaged(file, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        requireConsistent(file, saved);
        return saved;
    }

    private static String field(Map<String, String> meta, String key) {
        String value = meta.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no " + key + " in its metadata");
        }
        return value;
    }

    /**
     * Refuses settings no run could have saved, before a resumed run sizes anything from them: the
     * file is read back as the settings of the run it continues.
     */
    private static void requireConsistent(Path file, Saved saved) {
        Run run = saved.run();
        TrainingState state = saved.state();
        if (run.epochs() < 1 || run.batch() < 1 || !(run.learningRate() > 0) || Double.isInfinite(run.learningRate())
                || run.width() < 1 || run.height() < 1 || run.channels() < 1) {
            throw damaged(file, "settings no run has (epochs " + run.epochs() + ", batch " + run.batch() + ", lr "
                    + run.learningRate() + ", " + run.width() + "x" + run.height() + "x" + run.channels() + ")");
        }
        if (state.epoch() > run.epochs() || saved.psnrPerEpoch().length > run.epochs()) {
            throw damaged(file, "epoch " + state.epoch() + " and " + saved.psnrPerEpoch().length
                    + " epochs of history in a run of " + run.epochs());
        }
    }

    private static UserInputException damaged(Path file, String reason) {
        return new UserInputException(file + " is damaged: " + UserText.quote(reason.toLowerCase(Locale.ROOT)));
    }
}
