package io.sl2a.tasks.render;

import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.train.GridCoordinates;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.io.UserInputException;

/**
 * Decodes a network into an image of any size by evaluating it at every pixel's coordinates,
 * clamped to [0, 1]; a network whose output is not finite anywhere is refused.
 */
public final class Renderer {
    private Renderer() {
    }

    public static Image render(DeviceNetwork network, int width, int height) {
        int channels = network.outFeatures();
        if (channels != 1 && channels != 3) {
            throw new UserInputException("cannot render a model with " + channels + " output channels as an image (need 1 or 3)");
        }
        if (network.inFeatures() != 2) {
            throw new UserInputException("cannot render a model with " + network.inFeatures()
                    + " input coordinates as an image (need 2)");
        }
        float[] coords = GridCoordinates.image(width, height).coordinates(2);
        float[] values = network.predict(coords, width * height);
        int notFinite = 0;
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                notFinite++;
            }
            values[i] = Math.min(1.0f, Math.max(0.0f, values[i]));
        }
        if (notFinite > 0) {
            // A NaN would otherwise be written as a black pixel, and an image would hide a broken model.
            throw new UserInputException("the model's output is not finite at " + notFinite + " of " + values.length
                    + " values (a diverged model?); nothing written");
        }
        return new Image(width, height, channels, values);
    }
}
