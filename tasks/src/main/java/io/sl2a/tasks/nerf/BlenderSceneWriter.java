package io.sl2a.tasks.nerf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sl2a.tasks.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a data set in the NeRF-synthetic (Blender) layout that {@link NerfDataset} and the reference
 * NeRF loaders read: {@code DIR/SPLIT/r_K.png} (RGBA, background transparent) and
 * {@code DIR/transforms_SPLIT.json} for the splits train, val and test. Train and val cameras lie at
 * random on the upper hemisphere, test cameras evenly on a circle {@link #TEST_ELEVATION_DEGREES}
 * degrees up, all at the Blender scenes' distance and field of view (see {@link ScenePoses}).
 */
public final class BlenderSceneWriter {
    /** Elevation of the test orbit. */
    public static final double TEST_ELEVATION_DEGREES = 30;
    /** Mixed into the seed for the validation poses, so that they differ from the training poses. */
    private static final long VAL_SEED_MIX = 0x9E3779B97F4A7C15L;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Sizes and counts of a scene; {@code supersample}^2 samples a pixel. */
    public record Settings(int size, int train, int val, int test, long seed, int supersample) {
    }

    /** Told after each picture is written, from any thread. */
    public interface Progress {
        void viewWritten(String name);
    }

    private BlenderSceneWriter() {
    }

    /**
     * Renders and writes every view, then each split's transforms file once its pictures are all there,
     * so that a transforms file never names a missing picture. Files are written atomically; files of an
     * earlier, bigger run in {@code dir} are left as they are.
     */
    public static void write(ColouredMesh scene, Path dir, Settings settings, Progress progress) throws IOException {
        SceneRenderer renderer = new SceneRenderer(scene);
        writeSplit(renderer, dir, "train", ScenePoses.upperHemisphere(settings.train(), ScenePoses.RADIUS,
                settings.seed()), settings, progress);
        writeSplit(renderer, dir, "val", ScenePoses.upperHemisphere(settings.val(), ScenePoses.RADIUS,
                settings.seed() ^ VAL_SEED_MIX), settings, progress);
        writeSplit(renderer, dir, "test", ScenePoses.orbit(settings.test(), ScenePoses.RADIUS,
                Math.toRadians(TEST_ELEVATION_DEGREES)), settings, progress);
    }

    /**
     * About how much memory rendering one view takes: 16 bytes a sample (nearest triangle, depth, two
     * barycentrics) and 20 a pixel (the RGBA floats and the PNG's picture).
     */
    public static long bytesPerView(int size, int supersample) {
        long samples = (long) size * supersample * size * supersample;
        return 16 * samples + 20L * size * size;
    }

    private static void writeSplit(SceneRenderer renderer, Path dir, String split, List<double[]> poses,
            Settings settings, Progress progress) throws IOException {
        Files.createDirectories(dir.resolve(split));
        int size = settings.size();
        // Views are independent: render them on as many cores as the heap has room for.
        int threads = (int) Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() / 2 / bytesPerView(size, settings.supersample())));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> pending = new ArrayList<>();
            for (int k = 0; k < poses.size(); k++) {
                int view = k;
                pending.add(pool.submit(() -> {
                    Camera camera = Camera.of(size, size, ScenePoses.CAMERA_ANGLE_X, poses.get(view));
                    float[] rgba = renderer.render(camera, settings.supersample());
                    RgbaPng.write(dir.resolve(split).resolve("r_" + view + ".png"), size, size, rgba);
                    progress.viewWritten(split + "/r_" + view);
                    return null;
                }));
            }
            for (Future<?> view : pending) {
                view.get();
            }
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException(e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while rendering " + split, e);
        } finally {
            pool.shutdownNow();
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("camera_angle_x", ScenePoses.CAMERA_ANGLE_X);
        ArrayNode frames = root.putArray("frames");
        for (int k = 0; k < poses.size(); k++) {
            ObjectNode frame = frames.addObject();
            frame.put("file_path", "./" + split + "/r_" + k);
            ArrayNode rows = frame.putArray("transform_matrix");
            double[] m = poses.get(k);
            for (int r = 0; r < 4; r++) {
                ArrayNode row = rows.addArray();
                for (int c = 0; c < 4; c++) {
                    row.add(m[4 * r + c]);
                }
            }
        }
        AtomicFiles.write(dir.resolve("transforms_" + split + ".json"), JSON.writeValueAsBytes(root));
    }
}
