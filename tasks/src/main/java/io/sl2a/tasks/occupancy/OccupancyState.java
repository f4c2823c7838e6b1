package io.sl2a.tasks.occupancy;

import io.sl2a.nn.checkpoint.CheckpointException;
import io.sl2a.nn.checkpoint.Safetensors;
import io.sl2a.nn.checkpoint.TensorData;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.nn.train.TrainingState;
import io.sl2a.tasks.fit.EmbeddedModel;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.volume.GridFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code training_state.safetensors} of an occupancy run: everything {@code --resume} continues
 * from, in one file renamed into place at once (so a run killed at any moment leaves it whole, as
 * of one checkpoint or the one before): the model as {@code model.safetensors} holds it, its grid
 * frame included ({@link EmbeddedModel}), Adam's moments, the place in the run, the IoU history,
 * the run's settings, and the voxels it was fitted to (their count and a checksum, so that a mesh
 * that voxelises differently is not continued).
 */
public record OccupancyState(OccupancyCheckpoint model, OccupancyFit.Saved saved, Settings settings) {
    public static final String NAME = "training_state.safetensors";
    private static final String FORMAT = "sl2a-occupancy-state";

    /** What decides the run, kept by a resumed one. */
    public record Settings(int resolution, int epochs, int batch, double learningRate, long seed, int iouEvery,
            int voxelsInside, long voxelChecksum) {
    }

    public void write(Path dir) {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        EmbeddedModel.put(model.toBytes(), tensors, meta);
        saved.moments().forEach((name, values) -> tensors.put(name, TensorData.f32(new long[] {values.length}, values)));
        TrainingState s = saved.state();
        meta.put("epoch", Integer.toString(s.epoch()));
        meta.put("position", Integer.toString(s.position()));
        meta.put("step", Long.toString(s.step()));
        meta.put("epoch_squared_error", Double.toString(s.epochSquaredError()));
        meta.put("epoch_seconds", Double.toString(s.epochSeconds()));
        meta.put("train_seconds", Double.toString(saved.trainSeconds()));
        List<String> history = new ArrayList<>();
        for (OccupancyFit.IouPoint point : saved.iouHistory()) {
            history.add(point.epoch() + ":" + point.iou());
        }
        meta.put("iou_per_epoch", String.join(",", history));
        meta.put("resolution", Integer.toString(settings.resolution()));
        meta.put("epochs", Integer.toString(settings.epochs()));
        meta.put("batch", Integer.toString(settings.batch()));
        meta.put("lr", Double.toString(settings.learningRate()));
        meta.put("seed", Long.toString(settings.seed()));
        meta.put("iou_every", Integer.toString(settings.iouEvery()));
        meta.put("voxels_inside", Integer.toString(settings.voxelsInside()));
        meta.put("voxel_checksum", Long.toString(settings.voxelChecksum()));
        Path file = dir.resolve(NAME);
        try {
            AtomicFiles.write(file, Safetensors.serialize(tensors, meta));
        } catch (IOException e) {
            throw new UserInputException("cannot write " + file + ": " + IoErrors.reason(e));
        }
    }

    /** The state in {@code dir}; one line if there is none or it is not whole. */
    public static OccupancyState read(Path dir) {
        Path file = dir.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            throw new UserInputException(dir + " has no " + NAME + ": nothing to resume (the run finished, or was"
                    + " stopped before its first checkpoint)");
        }
        Safetensors.Contents contents;
        try {
            contents = Safetensors.read(file);
        } catch (CheckpointException e) {
            throw new UserInputException(e.getMessage());
        }
        Map<String, String> meta = contents.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new UserInputException(file + " is not an occupancy run's training state (format '" + meta.get("format")
                    + "')");
        }
        try {
            Safetensors.Contents embedded = EmbeddedModel.take(contents);
            if (embedded == null) {
                throw new IllegalArgumentException("no model in it");
            }
            ModelCheckpoint checkpoint = ModelCheckpoint.from(embedded, file + " (its model)");
            GridFrame frame = OccupancyCheckpoint.frame(embedded.metadata().get(OccupancyCheckpoint.FRAME));
            Map<String, float[]> moments = new LinkedHashMap<>();
            contents.tensors().forEach((name, tensor) -> {
                if (!name.startsWith("model/")) {
                    moments.put(name, tensor.floats());
                }
            });
            TrainingState state = new TrainingState(Integer.parseInt(meta.get("epoch")),
                    Integer.parseInt(meta.get("position")), Long.parseLong(meta.get("step")),
                    Double.parseDouble(meta.get("epoch_squared_error")), Double.parseDouble(meta.get("epoch_seconds")));
            List<OccupancyFit.IouPoint> history = new ArrayList<>();
            String text = meta.get("iou_per_epoch");
            if (!text.isEmpty()) {
                for (String point : text.split(",")) {
                    String[] parts = point.split(":");
                    history.add(new OccupancyFit.IouPoint(Integer.parseInt(parts[0]), Double.parseDouble(parts[1])));
                }
            }
            Settings settings = new Settings(Integer.parseInt(meta.get("resolution")), Integer.parseInt(meta.get("epochs")),
                    Integer.parseInt(meta.get("batch")), Double.parseDouble(meta.get("lr")), Long.parseLong(meta.get("seed")),
                    Integer.parseInt(meta.get("iou_every")), Integer.parseInt(meta.get("voxels_inside")),
                    Long.parseLong(meta.get("voxel_checksum")));
            OccupancyFit.Saved saved = new OccupancyFit.Saved(checkpoint.parameters(), moments, state, history,
                    Double.parseDouble(meta.get("train_seconds")));
            return new OccupancyState(new OccupancyCheckpoint(checkpoint, frame), saved, settings);
        } catch (CheckpointException | UserInputException e) {
            throw new UserInputException(file + " is damaged: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new UserInputException(file + " is damaged: " + String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT));
        }
    }
}
