package io.sl2a.tasks.nerf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A scene whose every view is known in closed form, written in the Blender layout: a sphere of
 * uniform density and colour at the origin (radius 0.8), so a ray's opacity is 1 - exp(-sigma
 * chord) and its colour that opacity times the sphere's colour over the transparent background.
 */
public final class SphereScene {
    static final double RADIUS = 0.8;
    static final double SIGMA = 4.0;
    static final float[] COLOUR = {0.9f, 0.35f, 0.1f};
    static final double ANGLE = 0.6911112070083618;

    private SphereScene() {
    }

    /** Writes train (on a ring) and test (between them) views of {@code size} pixels a side into {@code dir}. */
    public static Path write(Path dir, int size, int trainViews, int testViews) throws IOException {
        writeSplit(dir, "train", size, trainViews, 0.0, 0.4);
        writeSplit(dir, "test", size, testViews, Math.PI / trainViews, 0.55);
        return dir;
    }

    private static void writeSplit(Path dir, String split, int size, int count, double phase, double elevation)
            throws IOException {
        Files.createDirectories(dir.resolve(split));
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("camera_angle_x", ANGLE);
        ArrayNode frames = root.putArray("frames");
        for (int k = 0; k < count; k++) {
            double e = elevation + 0.2 * (k % 2);
            double azimuth = phase + 2 * Math.PI * k / count;
            double[] c2w = ScenePoses.lookAtOrigin(new double[] {4.0311 * Math.cos(e) * Math.cos(azimuth),
                4.0311 * Math.cos(e) * Math.sin(azimuth), 4.0311 * Math.sin(e)});
            Camera camera = Camera.of(size, size, ANGLE, c2w);
            ImageIO.write(render(camera), "png", dir.resolve(split).resolve("r_" + k + ".png").toFile());
            ObjectNode frame = frames.addObject();
            frame.put("file_path", "./" + split + "/r_" + k);
            ArrayNode m = frame.putArray("transform_matrix");
            for (int r = 0; r < 4; r++) {
                ArrayNode row = m.addArray();
                for (int c = 0; c < 4; c++) {
                    row.add(c2w[r * 4 + c]);
                }
            }
        }
        json.writeValue(dir.resolve("transforms_" + split + ".json").toFile(), root);
    }

    private static BufferedImage render(Camera camera) {
        int w = camera.width();
        int h = camera.height();
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        double[] o = new double[3];
        double[] d = new double[3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                camera.ray(x + 0.5, y + 0.5, o, d);
                double b = o[0] * d[0] + o[1] * d[1] + o[2] * d[2];
                double c = o[0] * o[0] + o[1] * o[1] + o[2] * o[2] - RADIUS * RADIUS;
                double disc = b * b - c;
                double chord = disc > 0 ? 2 * Math.sqrt(disc) : 0;
                double alpha = 1 - Math.exp(-SIGMA * chord);
                int a = (int) Math.round(alpha * 255);
                int r = (int) Math.round(COLOUR[0] * 255);
                int g = (int) Math.round(COLOUR[1] * 255);
                int bl = (int) Math.round(COLOUR[2] * 255);
                image.setRGB(x, y, (a << 24) | (r << 16) | (g << 8) | bl);
            }
        }
        return image;
    }
}
