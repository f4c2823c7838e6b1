package io.sl2a.tasks.render;

import io.sl2a.nn.model.Sl2aNetwork;
import io.sl2a.nn.train.GridCoordinates;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.io.UserInputException;

/** Decodes a network into an image of any size by evaluating it at every pixel's coordinates. */
public final class Renderer {
    private Renderer() {
    }

    public static Image render(Sl2aNetwork network, int width, int height) {
        int channels = network.config().outFeatures();
        if (channels != 1 && channels != 3) {
            throw new UserInputException("cannot render a model with " + channels + " output channels as an image (need 1 or 3)");
        }
        if (network.config().inFeatures() != 2) {
            throw new UserInputException("cannot render a model with " + network.config().inFeatures()
                    + " input coordinates as an image (need 2)");
        }
        float[] coords = GridCoordinates.image(width, height).coordinates(2);
        float[] values = network.predict(coords, width * height);
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.min(1.0f, Math.max(0.0f, values[i]));
        }
        return new Image(width, height, channels, values);
    }
}
