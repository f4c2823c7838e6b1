package io.sl2a.tasks.inverse;

import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import io.sl2a.tasks.image.NpyReader;
import io.sl2a.tasks.io.UserInputException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A CT slice as the references use one: grey, scaled to [0, 1] by its own minimum and maximum
 * (WIRE's {@code normalize(x, True)}). PNG (8 or 16 bits) and JPEG through {@link ImageReader},
 * {@code .npy} arrays through {@link NpyReader}; a colour picture is made grey by the mean of its
 * channels.
 */
public final class CtSlice {
    private CtSlice() {
    }

    public static Image read(Path file) {
        Image raw = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy") ? NpyReader.read(file)
                : ImageReader.read(file);
        return normalised(grey(raw), file);
    }

    static Image grey(Image image) {
        if (image.channels() == 1) {
            return image;
        }
        int channels = image.channels();
        float[] grey = new float[image.pixelCount()];
        for (int p = 0; p < grey.length; p++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += image.pixels()[p * channels + c];
            }
            grey[p] = (float) (sum / channels);
        }
        return new Image(image.width(), image.height(), 1, grey);
    }

    static Image normalised(Image image, Path file) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : image.pixels()) {
            if (!Float.isFinite(v)) {
                throw new UserInputException("cannot use " + file + ": it holds values that are not finite");
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (!(max > min)) {
            throw new UserInputException("cannot use " + file + ": every pixel has the same value");
        }
        float[] values = new float[image.pixelCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (image.pixels()[i] - min) / (max - min);
        }
        return new Image(image.width(), image.height(), 1, values);
    }
}
