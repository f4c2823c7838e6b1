package io.sl2a.tasks.occupancy;

import io.sl2a.nn.checkpoint.CheckpointException;
import io.sl2a.nn.checkpoint.Safetensors;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.tasks.fit.CheckpointFiles;
import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.io.UserText;
import io.sl2a.tasks.volume.GridFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An occupancy network's checkpoint: the model's safetensors file as every command writes it, plus
 * the grid frame in its metadata ({@code occupancy_frame}: centre x, y, z and scale), so that a mesh
 * extracted from it later is in the input mesh's own units.
 */
public record OccupancyCheckpoint(ModelCheckpoint model, GridFrame frame) {
    static final String FRAME = "occupancy_frame";

    public byte[] toBytes() {
        Safetensors.Contents contents = Safetensors.parse(model.toBytes(), "occupancy checkpoint");
        Map<String, String> metadata = new LinkedHashMap<>(contents.metadata());
        metadata.put(FRAME, String.format(Locale.ROOT, "%s %s %s %s", frame.centreX(), frame.centreY(), frame.centreZ(),
                frame.scale()));
        return Safetensors.serialize(contents.tensors(), metadata);
    }

    /** @throws UserInputException if the file is not a checkpoint, or not one of an occupancy network */
    public static OccupancyCheckpoint load(Path path) {
        ModelCheckpoint model = CheckpointFiles.load(path);
        String frame;
        try {
            frame = Files.isRegularFile(path) ? Safetensors.read(path).metadata().get(FRAME) : null;
        } catch (CheckpointException e) {
            throw new UserInputException(e.getMessage());
        }
        if (frame == null || model.config().inFeatures() != 3 || model.config().outFeatures() != 1) {
            throw new UserInputException(path + " is not an occupancy checkpoint (no grid frame, or not 3 coordinates"
                    + " to 1 value); write one with: sl2a occupancy MESH");
        }
        try {
            return new OccupancyCheckpoint(model, frame(frame));
        } catch (IllegalArgumentException e) {
            throw new UserInputException(path + ": damaged grid frame \"" + UserText.quote(frame) + "\" in its metadata");
        }
    }

    /** The frame as {@link #toBytes} writes it in the metadata; an exception if it is not one. */
    static GridFrame frame(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no grid frame");
        }
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 4) {
            throw new NumberFormatException("grid frame \"" + text + "\"");
        }
        return new GridFrame(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]),
                Double.parseDouble(parts[3]));
    }
}
