package io.sl2a.tasks.nerf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.tasks.image.AreaDownscale;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.io.UserText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One split of a NeRF-synthetic (Blender) folder: {@code transforms_SPLIT.json} with
 * {@code camera_angle_x} and {@code frames} of {@code file_path} (relative to the folder, ".png"
 * added when missing, as nerf-synthetic writes "./train/r_0") and {@code transform_matrix} (4x4
 * camera-to-world), and the RGBA pictures it names, composited on white.
 *
 * <p>Every way the folder can be unusable ends in a {@link UserInputException} of one line naming
 * the file at fault.
 */
public final class NerfDataset {
    /** A picture and the camera that took it; {@code name} is its file_path without "./" and ".png". */
    public record View(String name, Camera camera, Image image) {
    }

    /** A range of distances along every ray that holds the scene. */
    public record NearFar(double near, double far) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<View> views;

    private NerfDataset(List<View> views) {
        this.views = List.copyOf(views);
    }

    /**
     * Reads frames 0, k, 2k, ... of {@code transforms_SPLIT.json} (FINER takes 25 of the 100 training
     * views with k = 4), each picture composited on white and then shrunk by area averaging when
     * {@code downscale} is above 1, its camera shrunk to match.
     *
     * <p>Compositing comes before shrinking: the mean of composited pixels is what a camera with bigger
     * pixels would see over white. (nerf-pytorch shrinks the RGBA first, which mixes colour and
     * coverage and differs slightly along the silhouette.)
     *
     * @param split "train", "val" or "test" (any name: the file read is {@code transforms_SPLIT.json})
     * @throws UserInputException for bad arguments or any problem with the files
     */
    public static NerfDataset load(Path dir, String split, int everyKth, int downscale) {
        if (everyKth < 1) {
            throw new UserInputException("every k-th frame needs k >= 1, got " + everyKth);
        }
        return read(dir, split, everyKth, 0, downscale);
    }

    /**
     * {@code count} views spread over the split, every k-th with k = frames / count, as FINER's
     * 25 of 100 (0: every view); otherwise as {@link #load}.
     */
    public static NerfDataset loadSpread(Path dir, String split, int count, int downscale) {
        if (count < 0) {
            throw new UserInputException("a number of views must not be negative, got " + count);
        }
        return read(dir, split, 0, count, downscale);
    }

    /** {@code everyKth} 0: derived from {@code count} views (0: all). */
    private static NerfDataset read(Path dir, String split, int everyKth, int count, int downscale) {
        if (downscale < 1) {
            throw new UserInputException("the downscale factor must be at least 1, got " + downscale);
        }
        Path transforms = dir.resolve("transforms_" + split + ".json");
        JsonNode root = readJson(transforms);
        double angle = cameraAngle(root, transforms);
        JsonNode frames = root.get("frames");
        if (frames == null || !frames.isArray()) {
            throw bad(transforms, "no \"frames\" array");
        }
        if (frames.isEmpty()) {
            throw bad(transforms, "\"frames\" is empty");
        }
        int step = everyKth > 0 ? everyKth : count > 0 ? Math.max(1, frames.size() / count) : 1;
        int limit = count > 0 ? count : Integer.MAX_VALUE;
        List<View> views = new ArrayList<>();
        Image first = null;
        Path firstFile = null;
        for (int f = 0; f < frames.size() && views.size() < limit; f += step) {
            JsonNode frame = frames.get(f);
            String filePath = filePath(frame, f, transforms);
            double[] matrix = matrix(frame, f, transforms);
            Path file;
            try {
                file = dir.resolve(filePath.endsWith(".png") ? filePath : filePath + ".png").normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw bad(transforms, "frame " + f + "'s \"file_path\" is not a path: \"" + UserText.quote(filePath) + "\"");
            }
            Image image = RgbaPng.readOnWhite(file);
            if (first == null) {
                first = image;
                firstFile = file;
                if (image.width() % downscale != 0 || image.height() % downscale != 0) {
                    throw new UserInputException("the downscale factor " + downscale + " does not divide the size "
                            + image.width() + "x" + image.height() + " of " + file);
                }
            } else if (image.width() != first.width() || image.height() != first.height()) {
                throw new UserInputException("image " + file + " is " + image.width() + "x" + image.height()
                        + " but " + firstFile + " is " + first.width() + "x" + first.height()
                        + " (all views of " + transforms + " must have one size)");
            }
            Camera camera;
            try {
                camera = Camera.of(image.width(), image.height(), angle, matrix).downscaled(downscale);
            } catch (IllegalArgumentException e) {
                throw bad(transforms, "frame " + f + " (" + UserText.quote(filePath) + "): " + e.getMessage());
            }
            views.add(new View(name(filePath), camera, AreaDownscale.downscale(image, downscale)));
        }
        return new NerfDataset(views);
    }

    public List<View> views() {
        return views;
    }

    /**
     * {@link #nearFar(double)} with the scene's radius taken as half the mean distance of the cameras
     * from the origin: for the Blender scenes (cameras at 4.03) that gives 2.0 to 6.0, the near and far
     * nerf-pytorch uses for them.
     */
    public NearFar nearFar() {
        double sum = 0;
        for (View view : views) {
            sum += norm(view.camera().position());
        }
        return nearFar(0.5 * sum / views.size());
    }

    /**
     * Near and far that hold a sphere of {@code sceneRadius} about the origin from every camera:
     * {@code max(0, nearest camera distance - r)} and {@code farthest camera distance + r}.
     */
    public NearFar nearFar(double sceneRadius) {
        double nearest = Double.POSITIVE_INFINITY;
        double farthest = 0;
        for (View view : views) {
            double distance = norm(view.camera().position());
            nearest = Math.min(nearest, distance);
            farthest = Math.max(farthest, distance);
        }
        return new NearFar(Math.max(0, nearest - sceneRadius), farthest + sceneRadius);
    }

    private static double norm(double[] v) {
        return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    }

    private static JsonNode readJson(Path transforms) {
        if (!Files.isRegularFile(transforms)) {
            throw new UserInputException("cannot read " + transforms + ": " + (Files.exists(transforms)
                    ? "not a regular file" : "no such file (is " + transforms.getParent() + " a NeRF-synthetic folder?)"));
        }
        try {
            JsonNode root = JSON.readTree(transforms.toFile());
            if (root == null || !root.isObject()) {
                throw bad(transforms, "not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw bad(transforms, "malformed JSON (" + UserText.quote(e.getOriginalMessage().strip().replaceAll("\\s+", " "), 300)
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()) + ")");
        } catch (IOException e) {
            throw new UserInputException("cannot read " + transforms + ": " + IoErrors.reason(e), e);
        }
    }

    private static double cameraAngle(JsonNode root, Path transforms) {
        JsonNode angle = root.get("camera_angle_x");
        if (angle == null) {
            throw bad(transforms, "no \"camera_angle_x\"");
        }
        if (!angle.isNumber() || !(angle.asDouble() > 0 && angle.asDouble() < Math.PI)) {
            throw bad(transforms, "\"camera_angle_x\" must be a number of radians in (0, pi), got " + angle);
        }
        return angle.asDouble();
    }

    private static String filePath(JsonNode frame, int f, Path transforms) {
        JsonNode path = frame == null ? null : frame.get("file_path");
        if (path == null || !path.isTextual() || path.asText().isBlank()) {
            throw bad(transforms, "frame " + f + " has no \"file_path\" string");
        }
        String text = path.asText();
        // A control character (a NUL, a line break) names no picture and would break the messages that quote the path.
        if (!UserText.quote(text, Integer.MAX_VALUE).equals(text)) {
            throw bad(transforms, "frame " + f + "'s \"file_path\" has control characters: \"" + UserText.quote(text) + "\"");
        }
        return text;
    }

    private static double[] matrix(JsonNode frame, int f, Path transforms) {
        JsonNode rows = frame.get("transform_matrix");
        if (rows == null) {
            throw bad(transforms, "frame " + f + " has no \"transform_matrix\"");
        }
        double[] m = new double[16];
        boolean fourByFour = rows.isArray() && rows.size() == 4;
        for (int r = 0; fourByFour && r < 4; r++) {
            JsonNode row = rows.get(r);
            fourByFour = row.isArray() && row.size() == 4;
            for (int c = 0; fourByFour && c < 4; c++) {
                fourByFour = row.get(c).isNumber();
                m[4 * r + c] = row.get(c).asDouble();
            }
        }
        if (!fourByFour) {
            throw bad(transforms, "frame " + f + "'s \"transform_matrix\" is not 4 rows of 4 numbers");
        }
        return m;
    }

    private static String name(String filePath) {
        String name = filePath.startsWith("./") ? filePath.substring(2) : filePath;
        return name.endsWith(".png") ? name.substring(0, name.length() - 4) : name;
    }

    private static UserInputException bad(Path transforms, String reason) {
        return new UserInputException("cannot read " + transforms + ": " + reason);
    }
}
