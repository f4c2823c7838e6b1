package io.sl2a.tasks.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.backend.Backend;
import io.sl2a.nn.objectives.RadianceField;
import io.sl2a.nn.operators.VolumeRendering;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageWriter;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.OutputDirectory;
import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.nerf.AnimatedGif;
import io.sl2a.tasks.nerf.Camera;
import io.sl2a.tasks.nerf.NerfCheckpoint;
import io.sl2a.tasks.nerf.NerfRun;
import io.sl2a.tasks.nerf.NerfScene;
import io.sl2a.tasks.nerf.ViewRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sl2a nerf-render CKPT}: novel views of a trained radiance field, from poses or an orbit. */
@Command(name = "nerf-render", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Render views of a radiance field checkpoint (written by sl2a nerf) from poses or on an orbit.",
        footer = {"", "Writes into DIR: view_K.png and depth_K.png for each camera, and orbit.gif with --orbit."})
public final class NerfRenderCommand implements Callable<Integer>, CommandDefaults {
    @Parameters(index = "0", paramLabel = "CKPT", description = "A model.safetensors written by sl2a nerf.")
    Path checkpoint;

    static final class Cameras {
        @Option(names = "--pose", paramLabel = "FILE.json", description = "Cameras as a transforms_*.json gives them"
                + " (camera_angle_x, frames of transform_matrix), or one 4x4 \"transform_matrix\".")
        Path pose;

        @Option(names = "--orbit", paramLabel = "N", description = "N cameras on the training views' orbit.")
        Integer orbit;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Cameras cameras;

    @Option(names = "--width", description = "Image width (default: the training views').")
    Integer width;

    @Option(names = "--height", description = "Image height (default: the training views').")
    Integer height;

    @Mixin
    OutputFlag output;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() {
        NerfCheckpoint saved = NerfCheckpoint.load(checkpoint);
        NerfScene scene = saved.scene();
        int w = width != null ? width : scene.width();
        int h = height != null ? height : scene.height();
        if (w < 1 || h < 1 || (long) w * h > 16_000_000) {
            throw new UserInputException("--width and --height must be positive (at most 16 megapixels), got " + w + "x" + h);
        }
        List<Camera> views = new ArrayList<>();
        if (cameras.orbit != null) {
            if (cameras.orbit < 1) {
                throw new UserInputException("--orbit must be at least 1, got " + cameras.orbit);
            }
            views.addAll(scene.orbit(cameras.orbit, w, h));
        } else {
            views.addAll(posesOf(cameras.pose, w, h, scene.cameraAngleX()));
        }
        OutputDirectory.claim(output.out);
        List<Image> frames = new ArrayList<>();
        try (Backend backend = backendOptions.open();
                RadianceField field = RadianceField.create(backend, saved.model().config().graph(),
                        NerfRun.ADAM, new VolumeRendering(4096, scene.samples(), scene.background()))) {
            field.network().setParameters(saved.model().parameters());
            Files.createDirectories(output.out);
            for (int i = 0; i < views.size(); i++) {
                ViewRenderer.Rendered r = saved.render(field, views.get(i));
                ImageWriter.writePng(r.rgb(), output.out.resolve("view_" + i + ".png"));
                ImageWriter.writePng(r.depthImage(scene.near(), scene.far()),
                        output.out.resolve("depth_" + i + ".png"));
                frames.add(r.rgb());
            }
            if (cameras.orbit != null) {
                AtomicFiles.write(output.out.resolve("orbit.gif"), stream -> AnimatedGif.write(frames, 100, stream));
            }
        } catch (IOException e) {
            throw new UserInputException("cannot write outputs to " + output.out + ": " + IoErrors.reason(e));
        }
        System.err.printf("sl2a nerf-render: %d view(s) of %dx%d; wrote %s%n", views.size(), w, h, output.out);
        return 0;
    }

    /** The cameras of a --pose file (package-private for its fuzz target, CliFilesFuzzTest). */
    static List<Camera> posesOf(Path file, int w, int h, double defaultAngle) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UserInputException("cannot read --pose " + file + ": " + (Files.exists(file) ? "not JSON" : "no such file"));
        }
        if (root == null || !root.isObject()) {
            throw new UserInputException("--pose " + file + " is not a JSON object");
        }
        double angle = root.has("camera_angle_x") ? root.get("camera_angle_x").asDouble(defaultAngle) : defaultAngle;
        List<JsonNode> matrices = new ArrayList<>();
        if (root.has("frames") && root.get("frames").isArray()) {
            root.get("frames").forEach(frame -> matrices.add(frame.get("transform_matrix")));
        } else {
            matrices.add(root.get("transform_matrix"));
        }
        List<Camera> cameras = new ArrayList<>();
        for (int k = 0; k < matrices.size(); k++) {
            JsonNode m = matrices.get(k);
            double[] c2w = new double[16];
            if (m == null || !m.isArray() || m.size() != 4) {
                throw new UserInputException("--pose " + file + ": camera " + k + " has no 4x4 transform_matrix");
            }
            for (int r = 0; r < 4; r++) {
                JsonNode row = m.get(r);
                if (!row.isArray() || row.size() != 4) {
                    throw new UserInputException("--pose " + file + ": camera " + k + " has no 4x4 transform_matrix");
                }
                for (int c = 0; c < 4; c++) {
                    c2w[r * 4 + c] = row.get(c).asDouble();
                }
            }
            try {
                cameras.add(Camera.of(w, h, angle, c2w));
            } catch (IllegalArgumentException e) {
                throw new UserInputException("--pose " + file + ": camera " + k + ": " + e.getMessage());
            }
        }
        if (cameras.isEmpty()) {
            throw new UserInputException("--pose " + file + " holds no camera");
        }
        return cameras;
    }

    @Override
    public Map<String, String> optionDefaults() {
        return Map.of("--out", "nerf-render");
    }
}
