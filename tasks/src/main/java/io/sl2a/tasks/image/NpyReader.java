package io.sl2a.tasks.image;

import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.io.UserText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a 2-D numpy array ({@code .npy}, format versions 1 to 3) of float32, float64, int16,
 * uint16 or uint8, in C order, as a one-channel image of its raw values (not scaled). Written here:
 * the format is a short text header and the raw values, and no well-kept Java library on Maven
 * Central reads it.
 */
public final class NpyReader {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-z])(\\d+)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyReader() {
    }

    /** @throws UserInputException if the file is not such an array */
    public static Image read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserInputException("cannot read " + file + ": " + IoErrors.reason(e));
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (byte b : MAGIC) {
            if (!in.hasRemaining() || in.get() != b) {
                throw bad(file, "not a .npy file");
            }
        }
        if (in.remaining() < 2) {
            throw bad(file, "truncated header");
        }
        int major = in.get();
        in.get();
        if (major < 1 || major > 3) {
            throw bad(file, "unsupported format version " + major + " (1, 2 or 3)");
        }
        // Version 1 gives the header's length in 2 bytes, versions 2 and 3 in 4.
        if (in.remaining() < (major == 1 ? 2 : 4)) {
            throw bad(file, "truncated header");
        }
        long headerLength = major == 1 ? Short.toUnsignedInt(in.getShort()) : Integer.toUnsignedLong(in.getInt());
        if (headerLength > in.remaining()) {
            throw bad(file, "unsupported or truncated header");
        }
        String header = new String(bytes, in.position(), (int) headerLength, StandardCharsets.ISO_8859_1);
        in.position(in.position() + (int) headerLength);
        Matcher descr = DESCR.matcher(header);
        Matcher order = ORDER.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !order.find() || !shape.find()) {
            throw bad(file, "header without dtype, order or shape");
        }
        if (order.group(1).equals("True")) {
            throw bad(file, "Fortran-ordered arrays are not supported (save with np.ascontiguousarray)");
        }
        String[] dims = shape.group(1).split(",");
        // The shape is the file's text: quoted printable and short in messages, so that they stay one line.
        String shapeText = UserText.quote(shape.group(1));
        if (dims.length != 2) {
            throw bad(file, "a 2-D array (height, width) expected, shape (" + shapeText + ")");
        }
        int height;
        int width;
        try {
            height = Integer.parseInt(dims[0].trim());
            width = Integer.parseInt(dims[1].trim());
        } catch (NumberFormatException e) {
            throw bad(file, "a 2-D array (height, width) expected, shape (" + shapeText + ")");
        }
        String dtype = descr.group(2) + descr.group(3);
        int size = switch (dtype) {
            case "f4" -> 4;
            case "f8" -> 8;
            case "i2", "u2" -> 2;
            case "u1" -> 1;
            // Checked before the shape sizes anything: a dtype of 0 bytes would make any shape "fit".
            default -> throw bad(file, "unsupported dtype " + UserText.quote(dtype)
                    + " (float32, float64, int16, uint16 or uint8)");
        };
        if (descr.group(1).equals(">")) {
            in.order(ByteOrder.BIG_ENDIAN);
        }
        if (width < 1 || height < 1 || (long) width * height * size > in.remaining()) {
            throw bad(file, "truncated data for shape (" + height + ", " + width + ")");
        }
        float[] values = new float[width * height];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (dtype) {
                case "f4" -> in.getFloat();
                case "f8" -> (float) in.getDouble();
                case "i2" -> in.getShort();
                case "u2" -> Short.toUnsignedInt(in.getShort());
                default -> Byte.toUnsignedInt(in.get());
            };
        }
        return new Image(width, height, 1, values);
    }

    private static UserInputException bad(Path file, String reason) {
        return new UserInputException("cannot read " + file + ": " + reason);
    }
}
