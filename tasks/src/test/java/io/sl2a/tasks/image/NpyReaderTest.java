package io.sl2a.tasks.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sl2a.tasks.io.UserInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .npy arrays as numpy writes them (format 1.0: magic, version, header length, padded header, raw values). */
public class NpyReaderTest {
    @TempDir
    Path temp;

    /** The bytes {@code np.save} writes for an array of {@code descr} and {@code shape} holding {@code data}. */
    public static byte[] npy(String descr, String shape, byte[] data) {
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + header.length() + 1;
        header = header + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(header.length() & 0xff);
        out.write(header.length() >> 8);
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }

    public static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path file = temp.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    @Test
    void readsFloatAndIntegerArraysRowMajor() throws IOException {
        Image f = NpyReader.read(write("f.npy", npy("<f4", "(2, 3)", floats(0, 1, 2, 3, 4, -5.5f))));
        assertEquals(3, f.width());
        assertEquals(2, f.height());
        assertEquals(1, f.channels());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, -5.5f}, f.pixels());
        ByteBuffer shorts = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putShort((short) -1000).putShort((short) 7)
                .putShort((short) 40000).putShort((short) 0);
        assertArrayEquals(new float[] {-1000, 7, 40000 - 65536, 0}, NpyReader.read(write("i.npy", npy("<i2", "(2, 2)",
                shorts.array()))).pixels());
        assertArrayEquals(new float[] {64536, 7, 40000, 0}, NpyReader.read(write("u.npy", npy("<u2", "(2, 2)",
                shorts.array()))).pixels());
        ByteBuffer doubles = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.25).putDouble(-2);
        assertArrayEquals(new float[] {0.25f, -2}, NpyReader.read(write("d.npy", npy("<f8", "(1, 2)",
                doubles.array()))).pixels());
    }

    @Test
    void whatIsNotA2DArrayOfASupportedTypeIsOneLine() throws IOException {
        assertEquals("cannot read " + temp.resolve("v.npy") + ": a 2-D array (height, width) expected, shape (4,)",
                assertThrows(UserInputException.class, () -> NpyReader.read(write("v.npy", npy("<f4", "(4,)",
                        floats(1, 2, 3, 4))))).getMessage());
        assertEquals("cannot read " + temp.resolve("c.npy") + ": unsupported dtype c8 (float32, float64, int16, uint16 or"
                + " uint8)", assertThrows(UserInputException.class, () -> NpyReader.read(write("c.npy", npy("<c8", "(1, 1)",
                        new byte[8])))).getMessage());
        assertEquals("cannot read " + temp.resolve("t.npy") + ": truncated data for shape (2, 2)",
                assertThrows(UserInputException.class, () -> NpyReader.read(write("t.npy", npy("<f4", "(2, 2)",
                        floats(1, 2))))).getMessage());
        assertEquals("cannot read " + temp.resolve("x.npy") + ": not a .npy file",
                assertThrows(UserInputException.class, () -> NpyReader.read(write("x.npy",
                        "hello".getBytes(StandardCharsets.US_ASCII)))).getMessage());
    }
}
