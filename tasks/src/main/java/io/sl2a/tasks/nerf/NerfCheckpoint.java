package io.sl2a.tasks.nerf;

import io.sl2a.nn.checkpoint.CheckpointException;
import io.sl2a.nn.checkpoint.ModelCheckpoint;
import io.sl2a.nn.checkpoint.Safetensors;
import io.sl2a.nn.models.NerfFieldConfig;
import io.sl2a.tasks.io.UserInputException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A radiance field's checkpoint: the field's safetensors file as every model's (its position
 * network's tensors, {@code density.*}, {@code color_net.*}), plus the scene in its metadata
 * ({@code nerf_scene}: near, far, samples, background, camera_angle_x, width, height, orbit radius
 * and elevation), so that {@code nerf-render} needs nothing else.
 */
public record NerfCheckpoint(ModelCheckpoint model, NerfScene scene) {
    static final String SCENE = "nerf_scene";

    public byte[] toBytes() {
        Safetensors.Contents contents = Safetensors.parse(model.toBytes(), "nerf checkpoint");
        Map<String, String> metadata = new LinkedHashMap<>(contents.metadata());
        metadata.put(SCENE, String.format(Locale.ROOT, "%s %s %d %s %s %d %d %s %s", scene.near(), scene.far(),
                scene.samples(), scene.background(), scene.cameraAngleX(), scene.width(), scene.height(), scene.orbitRadius(),
                scene.orbitElevation()));
        return Safetensors.serialize(contents.tensors(), metadata);
    }

    /** @throws UserInputException if the file is not a checkpoint of a radiance field */
    public static NerfCheckpoint load(Path path) {
        Safetensors.Contents contents;
        ModelCheckpoint model;
        try {
            contents = Safetensors.read(path);
            model = ModelCheckpoint.from(contents, path.toString());
        } catch (CheckpointException e) {
            throw new UserInputException(e.getMessage());
        }
        String scene = contents.metadata().get(SCENE);
        if (scene == null || !(model.config() instanceof NerfFieldConfig)) {
            throw new UserInputException(path + " is not a radiance field's checkpoint; write one with: sl2a nerf DATASET");
        }
        String[] p = scene.trim().split("\\s+");
        try {
            if (p.length != 9) {
                throw new NumberFormatException();
            }
            return new NerfCheckpoint(model, new NerfScene(Double.parseDouble(p[0]), Double.parseDouble(p[1]),
                    Integer.parseInt(p[2]), Float.parseFloat(p[3]), Double.parseDouble(p[4]), Integer.parseInt(p[5]),
                    Integer.parseInt(p[6]), Double.parseDouble(p[7]), Double.parseDouble(p[8])));
        } catch (IllegalArgumentException e) {
            throw new UserInputException(path + ": damaged scene \"" + scene + "\" in its metadata");
        }
    }
}
