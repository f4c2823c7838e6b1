package io.sl2a.tasks.image;

import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.UserInputException;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * Loads PNG and JPEG files into {@link Image}s (see {@link BufferedImageConversion#toImage} for the
 * channel and scaling rules). Every way a file can be unusable ends in a {@link UserInputException}
 * naming the file, never in a stack trace or a silently grey-filled picture.
 */
public final class ImageReader {
    private static final Set<String> SUPPORTED_FORMATS = Set.of("png", "jpeg");

    private ImageReader() {
    }

    /** @throws UserInputException if the file is missing, unreadable, not a PNG/JPEG, damaged, or too large */
    public static Image read(Path file) {
        requireNonEmptyFile(file);
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            javax.imageio.ImageReader decoder = decoderFor(in, file);
            try {
                return decode(decoder, in, file);
            } finally {
                decoder.dispose();
            }
        } catch (UserInputException e) {
            throw e;
        } catch (IIOException e) {
            throw unreadable(file, "damaged or truncated image (" + oneLine(e.getMessage()) + ")", e);
        } catch (IOException e) {
            throw unreadable(file, IoErrors.reason(e), e);
        } catch (OutOfMemoryError e) {
            // One big allocation failed (our estimate was optimistic); the heap is usable again.
            throw unreadable(file, "too large to decode in " + mebibytes(Runtime.getRuntime().maxMemory())
                    + " MiB of memory (raise -Xmx)", null);
        } catch (RuntimeException e) {
            // The decoders signal some damaged files with unchecked exceptions (index out of bounds, ...).
            throw unreadable(file, "damaged or unsupported image (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + oneLine(e.getMessage())) + ")", e);
        }
    }

    private static void requireNonEmptyFile(Path file) {
        if (!Files.exists(file)) {
            throw unreadable(file, "no such file", null);
        }
        if (Files.isDirectory(file)) {
            throw unreadable(file, "it is a directory", null);
        }
        if (!Files.isReadable(file)) {
            throw unreadable(file, "permission denied", null);
        }
        try {
            if (Files.size(file) == 0) {
                throw unreadable(file, "the file is empty", null);
            }
        } catch (IOException e) {
            throw unreadable(file, IoErrors.reason(e), e);
        }
    }

    private static javax.imageio.ImageReader decoderFor(ImageInputStream in, Path file) {
        Iterator<javax.imageio.ImageReader> decoders = ImageIO.getImageReaders(in);
        if (!decoders.hasNext()) {
            throw unreadable(file, "not a PNG or JPEG image", null);
        }
        javax.imageio.ImageReader decoder = decoders.next();
        String format = formatName(decoder);
        if (!SUPPORTED_FORMATS.contains(format)) {
            decoder.dispose();
            throw unreadable(file, "unsupported image format " + format.toUpperCase(Locale.ROOT)
                    + " (expected PNG or JPEG)", null);
        }
        return decoder;
    }

    private static Image decode(javax.imageio.ImageReader decoder, ImageInputStream in, Path file) throws IOException {
        decoder.setInput(in, true, true);
        List<String> warnings = new ArrayList<>();
        IIOReadWarningListener listener = (source, warning) -> warnings.add(warning);
        decoder.addIIOReadWarningListener(listener);
        int width = decoder.getWidth(0);
        int height = decoder.getHeight(0);
        requireFitsInMemory(file, width, height, decoder.getRawImageType(0));
        BufferedImage decoded = decoder.read(0);
        // The JPEG decoder reports a truncated file as a warning and fills the missing part with grey.
        if (!warnings.isEmpty()) {
            throw unreadable(file, "damaged or truncated image (" + oneLine(warnings.getFirst()) + ")", null);
        }
        return BufferedImageConversion.toImage(decoded);
    }

    /**
     * Refuses, before anything big is allocated, an image whose float values would not fit in one
     * Java array or, together with the decoded picture, in the maximum heap.
     */
    private static void requireFitsInMemory(Path file, int width, int height, ImageTypeSpecifier rawType) {
        long pixels = (long) width * height;
        long values = pixels * channelsOf(rawType);
        if (values > Integer.MAX_VALUE - 8) {
            throw unreadable(file, "too large: " + width + "x" + height + " has " + values
                    + " values, more than one array can hold", null);
        }
        int bitsPerPixel = rawType == null ? 32 : rawType.getColorModel().getPixelSize();
        long bytes = values * Float.BYTES + (pixels * bitsPerPixel + 7) / 8;
        long available = Runtime.getRuntime().maxMemory();
        if (bytes > available) {
            throw unreadable(file, "too large: " + width + "x" + height + " needs about " + mebibytes(bytes)
                    + " MiB but the maximum heap is " + mebibytes(available) + " MiB (raise -Xmx)", null);
        }
    }

    /** The channel count the file will give, from its header; 3 where the decoder cannot tell in advance. */
    private static int channelsOf(ImageTypeSpecifier rawType) {
        if (rawType == null) {
            return 3;
        }
        if (rawType.getColorModel() instanceof IndexColorModel palette) {
            return BufferedImageConversion.isGrey(palette) ? 1 : 3;
        }
        return rawType.getColorModel().getNumColorComponents() == 1 ? 1 : 3;
    }

    private static String formatName(javax.imageio.ImageReader decoder) {
        try {
            return decoder.getFormatName().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long mebibytes(long bytes) {
        return bytes >> 20;
    }

    private static String oneLine(String text) {
        return text == null ? "no details" : text.strip().replaceAll("\\s+", " ");
    }

    private static UserInputException unreadable(Path file, String reason, Throwable cause) {
        return new UserInputException("cannot read image " + file + ": " + reason, cause);
    }
}
