package io.sl2a.tasks.nerf;

import io.sl2a.nn.checkpoint.CheckpointException;
import io.sl2a.nn.checkpoint.Safetensors;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.nn.models.NerfFieldConfig;
import io.sl2a.nn.objectives.RadianceField;
import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.io.UserText;
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
public record NerfCheckpoint(ModelCheckpoint model, NerfScene scene, OccupancyGrid grid) {
    static final String SCENE = "nerf_scene";
    /**
     * The occupancy grid's values ([G^3], with {@value #GRID_SHAPE}: G and the cube's half side), when trained with
     * one.
     */
    static final String GRID = "occupancy_grid";
    static final String GRID_SHAPE = "nerf_grid";

    public byte[] toBytes() {
        Safetensors.Contents contents = Safetensors.parse(model.toBytes(), "nerf checkpoint");
        Map<String, String> metadata = new LinkedHashMap<>(contents.metadata());
        Map<String, io.sl2a.nn.checkpoint.TensorData> tensors = new LinkedHashMap<>(contents.tensors());
        if (grid != null) {
            float[] values = grid.densities();
            tensors.put(GRID, io.sl2a.nn.checkpoint.TensorData.f32(new long[] {values.length}, values));
            metadata.put(GRID_SHAPE, grid.resolution() + " " + grid.bound());
        }
        metadata.put(SCENE, String.format(Locale.ROOT, "%s %s %d %s %s %d %d %s %s", scene.near(), scene.far(),
                scene.samples(), scene.background(), scene.cameraAngleX(), scene.width(), scene.height(),
                        scene.orbitRadius(),
                scene.orbitElevation()));
        return Safetensors.serialize(tensors, metadata);
    }

    /** A view of this field (with its occupancy grid, when it was trained with one). */
    public ViewRenderer.Rendered render(RadianceField field, Camera camera) {
        return ViewRenderer.render(field, camera, scene.near(), scene.far(), grid);
    }

    /** @throws UserInputException if the file is not a checkpoint of a radiance field */
    public static NerfCheckpoint load(Path path) {
        Safetensors.Contents contents;
        ModelCheckpoint model;
        OccupancyGrid grid = null;
        try {
            contents = Safetensors.read(path);
            Map<String, io.sl2a.nn.checkpoint.TensorData> tensors = new LinkedHashMap<>(contents.tensors());
            io.sl2a.nn.checkpoint.TensorData values = tensors.remove(GRID);
            String shape = contents.metadata().get(GRID_SHAPE);
            if (values != null && shape != null) {
                String[] parts = shape.trim().split("\\s+");
                int resolution = Integer.parseInt(parts[0]);
                double bound = parts.length == 2 ? Double.parseDouble(parts[1]) : Double.NaN;
                // G^3 densities of a float tensor, G at least 1 (G^3 in a long: no overflow to a small size).
                if (parts.length != 2 || resolution < 1 || !(bound > 0) || Double.isInfinite(bound)
                        || !values.isFloating() || values.floats().length != (long) resolution * resolution * resolution) {
                    throw new UserInputException(path + ": damaged occupancy grid \"" + UserText.quote(shape) + "\"");
                }
                grid = OccupancyGrid.of(resolution, bound, values.floats());
            }
            model = ModelCheckpoint.from(new Safetensors.Contents(tensors, contents.metadata()), path.toString());
        } catch (CheckpointException e) {
            throw new UserInputException(e.getMessage());
        } catch (NumberFormatException e) {
            throw new UserInputException(path + ": damaged occupancy grid in its metadata");
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
                    Integer.parseInt(p[6]), Double.parseDouble(p[7]), Double.parseDouble(p[8])), grid);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(path + ": damaged scene \"" + UserText.quote(scene) + "\" in its metadata");
        }
    }
}
