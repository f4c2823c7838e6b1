package io.sl2a.nn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safetensors format (an 8-byte little-endian header length, a JSON header of dtype, shape and
 * data_offsets per tensor plus optional string __metadata__, then the raw little-endian data):
 * files written by other programs in every dtype they use for floats and integers, and one clear
 * message for each way a file can be broken.
 */
class SafetensorsTest {
    @TempDir
    Path temp;

    /** A file as another program would write it: the header text as given, then the data bytes. */
    private Path file(String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
        out.writeBytes(json);
        out.writeBytes(data);
        return Files.write(temp.resolve("t.safetensors"), out.toByteArray());
    }

    private static byte[] littleEndian(int bytesPerValue, long... values) {
        ByteBuffer b = ByteBuffer.allocate(bytesPerValue * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            switch (bytesPerValue) {
                case 2 -> b.putShort((short) v);
                case 4 -> b.putInt((int) v);
                default -> b.putLong(v);
            }
        }
        return b.array();
    }

    @Test
    void readsEveryDtypeOtherProgramsWrite() throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(littleEndian(4, Float.floatToIntBits(1.5f), Float.floatToIntBits(-2f)));
        data.writeBytes(littleEndian(8, Double.doubleToLongBits(0.25), Double.doubleToLongBits(-3)));
        data.writeBytes(littleEndian(2, Float.floatToFloat16(0.5f), Float.floatToFloat16(-1.25f)));
        data.writeBytes(littleEndian(2, Float.floatToIntBits(2.5f) >>> 16, Float.floatToIntBits(-4f) >>> 16));
        data.writeBytes(littleEndian(8, 7, -9));
        data.writeBytes(littleEndian(4, 11, -13));
        Path path = file("{\"__metadata__\":{\"format\":\"pt\",\"n\":\"2\"},"
                + "\"f32\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"f64\":{\"dtype\":\"F64\",\"shape\":[1,2],\"data_offsets\":[8,24]},"
                + "\"f16\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[24,28]},"
                + "\"bf16\":{\"dtype\":\"BF16\",\"shape\":[2,1],\"data_offsets\":[28,32]},"
                + "\"i64\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[32,48]},"
                + "\"i32\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[48,56]},"
                + "\"empty\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[56,56]}}", data.toByteArray());
        Safetensors.Contents contents = Safetensors.read(path);
        assertEquals(Map.of("format", "pt", "n", "2"), contents.metadata());
        assertEquals(List.of("f32", "f64", "f16", "bf16", "i64", "i32", "empty"), List.copyOf(contents.tensors().keySet()));
        assertArrayEquals(new float[] {1.5f, -2f}, contents.tensors().get("f32").floats());
        assertArrayEquals(new float[] {0.25f, -3f}, contents.tensors().get("f64").floats());
        assertArrayEquals(new long[] {1, 2}, contents.tensors().get("f64").shape());
        assertArrayEquals(new float[] {0.5f, -1.25f}, contents.tensors().get("f16").floats());
        assertArrayEquals(new float[] {2.5f, -4f}, contents.tensors().get("bf16").floats());
        assertArrayEquals(new long[] {7, -9}, contents.tensors().get("i64").longs());
        assertArrayEquals(new long[] {11, -13}, contents.tensors().get("i32").longs());
        assertEquals(0, contents.tensors().get("empty").floats().length);
        assertEquals("[0, 3]", contents.tensors().get("empty").shapeText());
    }

    @Test
    void whatItWritesItReadsBack() throws IOException {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put("w", TensorData.f32(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6}));
        tensors.put("k", TensorData.i64(new long[] {3}, new long[] {0, 1, Long.MAX_VALUE}));
        byte[] bytes = Safetensors.serialize(tensors, Map.of("format", "sl2a"));
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, headerLength % 8, "header padded to 8 bytes");
        String header = new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8);
        assertTrue(header.length() - header.stripTrailing().length() < 8, "padded to the next multiple of 8 only");
        assertEquals(8 + headerLength + 6 * 4 + 3 * 8, bytes.length);
        Safetensors.Contents back = Safetensors.read(Files.write(temp.resolve("w.safetensors"), bytes));
        assertArrayEquals(tensors.get("w").floats(), back.tensors().get("w").floats());
        assertArrayEquals(new long[] {2, 3}, back.tensors().get("w").shape());
        assertArrayEquals(tensors.get("k").longs(), back.tensors().get("k").longs());
        assertEquals(Map.of("format", "sl2a"), back.metadata());
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        Safetensors.write(stream, tensors, Map.of());
        assertEquals("{\"w\"", new String(stream.toByteArray(), 8, 4, StandardCharsets.UTF_8), "no __metadata__ when empty");
        assertThrows(IllegalArgumentException.class, () -> Safetensors.serialize(
                Map.of("h", new TensorData("F16", new long[] {1}, new float[1], null)), Map.of()));
    }

    private void assertBroken(String message, Path path) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> Safetensors.read(path));
        assertEquals(path + message, e.getMessage());
    }

    @Test
    void everyBrokenFileIsOneClearMessage() throws IOException {
        assertBroken(" is not a safetensors file (too short)", Files.write(temp.resolve("short"), new byte[7]));
        Path zero = Files.write(temp.resolve("zero"), new byte[16]);
        assertBroken(" is not a safetensors file (bad header length)", zero);
        byte[] huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(9).array();
        assertBroken(" is not a safetensors file (bad header length)", Files.write(temp.resolve("past-end"), huge));
        byte[] over = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong((100L << 20) + 1).array();
        assertBroken(" is not a safetensors file (bad header length)", Files.write(temp.resolve("over"), over));
        assertBroken(" is not a safetensors file (header is not JSON)", file("{\"a\": [", new byte[0]));
        assertBroken(" is not a safetensors file (header is not a JSON object)", file("[1, 2]  ", new byte[0]));
        assertBroken(": tensor a has a malformed header entry", file("{\"a\":{\"dtype\":\"F32\",\"shape\":2,"
                + "\"data_offsets\":[0,4]}}", new byte[4]));
        assertBroken(": tensor a has a malformed header entry", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],"
                + "\"data_offsets\":[0]}}", new byte[4]));
        assertBroken(": tensor a has a negative dimension", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],"
                + "\"data_offsets\":[0,4]}}", new byte[4]));
        assertBroken(": tensor a has unsupported dtype U8", file("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],"
                + "\"data_offsets\":[0,1]}}", new byte[4]));
        assertBroken(": tensor a has data outside the file (truncated?)", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],"
                + "\"data_offsets\":[0,8]}}", new byte[4]));
        assertBroken(": tensor a has data outside the file (truncated?)", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],"
                + "\"data_offsets\":[0,4]}}", new byte[8]));
        assertBroken(": tensor a has data outside the file (truncated?)", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],"
                + "\"data_offsets\":[4,0]}}", new byte[8]));
        assertBroken(": tensor a has data outside the file (truncated?)", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],"
                + "\"data_offsets\":[-4,0]}}", new byte[8]));
        Path missing = temp.resolve("missing.safetensors");
        CheckpointException e = assertThrows(CheckpointException.class, () -> Safetensors.read(missing));
        assertEquals("cannot read checkpoint " + missing + ": " + missing, e.getMessage());
    }
}
