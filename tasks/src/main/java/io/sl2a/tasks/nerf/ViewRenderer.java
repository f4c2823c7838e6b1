package io.sl2a.tasks.nerf;

import io.sl2a.nn.objectives.RadianceField;
import io.sl2a.tasks.image.Image;

/**
 * Renders a camera's view of a trained field: every pixel's ray, in chunks of the network's ray
 * batch, at the samples' midpoints (no jitter, so a view renders the same every time).
 */
public final class ViewRenderer {
    /** A rendered view: colour, expected depth along the ray, and opacity (1 - the background's weight). */
    public record Rendered(Image rgb, float[] depth, float[] opacity) {
        /**
         * Depth as a grey image, near white to far black: the expected depth with the background's
         * weight at far, so faint floaters stay dark instead of showing their own depth.
         */
        public Image depthImage(double near, double far) {
            int n = depth.length;
            float[] grey = new float[n];
            for (int i = 0; i < n; i++) {
                double d = depth[i] + (1 - opacity[i]) * far;
                grey[i] = (float) Math.max(0, Math.min(1, (far - d) / (far - near)));
            }
            return new Image(rgb.width(), rgb.height(), 1, grey);
        }
    }

    private ViewRenderer() {
    }

    public static Rendered render(RadianceField field, Camera camera, double near, double far) {
        return render(field, camera, near, far, null);
    }

    /** With an occupancy grid, the samples only where it says the scene is (as in training). */
    static Rendered render(RadianceField field, Camera camera, double near, double far, OccupancyGrid grid) {
        return render(field, camera, near, far, grid, () -> false);
    }

    /** As above, or null once {@code stop} says so (asked between two chunks of rays). */
    static Rendered render(RadianceField field, Camera camera, double near, double far, OccupancyGrid grid,
            java.util.function.BooleanSupplier stop) {
        int width = camera.width();
        int height = camera.height();
        int pixels = width * height;
        float[] origins = new float[pixels * 3];
        float[] directions = new float[pixels * 3];
        camera.rays(origins, directions);
        int chunk = field.rendering().rays();
        RaySamples batch = new RaySamples(chunk, field.rendering().samples());
        float[] rgb = new float[pixels * 3];
        float[] depth = new float[pixels];
        float[] opacity = new float[pixels];
        float[] chunkRgb = new float[chunk * 3];
        float[] chunkDepth = new float[chunk];
        float[] chunkOpacity = new float[chunk];
        double[] origin = new double[3];
        double[] direction = new double[3];
        for (int first = 0; first < pixels; first += chunk) {
            if (stop.getAsBoolean()) {
                return null;
            }
            int rays = Math.min(chunk, pixels - first);
            for (int ray = 0; ray < rays; ray++) {
                int p = first + ray;
                for (int k = 0; k < 3; k++) {
                    origin[k] = origins[p * 3 + k];
                    direction[k] = directions[p * 3 + k];
                }
                batch.set(ray, origin, direction, near, far, grid, null);
            }
            field.render(batch.positions, batch.directions, batch.t, batch.delta, rays, chunkRgb, chunkOpacity,
                    chunkDepth);
            System.arraycopy(chunkRgb, 0, rgb, first * 3, rays * 3);
            System.arraycopy(chunkDepth, 0, depth, first, rays);
            System.arraycopy(chunkOpacity, 0, opacity, first, rays);
        }
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = Math.max(0f, Math.min(1f, rgb[i]));
        }
        return new Rendered(new Image(width, height, 3, rgb), depth, opacity);
    }
}
