package io.sl2a.tasks.nerf;

import java.util.List;

/**
 * What a checkpoint of a radiance field needs to render new views on its own: the depth range and
 * samples it was trained with, the background, and the training cameras' field of view, image size
 * and orbit (their mean distance from the origin and mean elevation).
 */
public record NerfScene(double near, double far, int samples, float background, double cameraAngleX, int width, int height,
        double orbitRadius, double orbitElevation) {

    /** The scene of a dataset's views, rendered with {@code samples} samples between near and far. */
    static NerfScene of(List<NerfDataset.View> views, double near, double far, int samples, float background) {
        double radius = 0;
        double elevation = 0;
        for (NerfDataset.View v : views) {
            double[] o = v.camera().position();
            double r = Math.sqrt(o[0] * o[0] + o[1] * o[1] + o[2] * o[2]);
            radius += r;
            elevation += Math.asin(Math.max(-1, Math.min(1, o[2] / r)));
        }
        Camera first = views.get(0).camera();
        return new NerfScene(near, far, samples, background, first.cameraAngleX(), first.width(), first.height(),
                radius / views.size(), elevation / views.size());
    }

    /** {@code count} cameras of {@code width x height} evenly around the training views' orbit, looking at the origin. */
    public List<Camera> orbit(int count, int width, int height) {
        List<Camera> cameras = new java.util.ArrayList<>();
        for (double[] c2w : ScenePoses.orbit(count, orbitRadius, orbitElevation)) {
            cameras.add(Camera.of(width, height, cameraAngleX, c2w));
        }
        return cameras;
    }
}
