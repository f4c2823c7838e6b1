package io.sl2a.nn.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * mapping tensor names to dtype, shape and byte range (plus an optional string map
 * {@code __metadata__}), then the raw little-endian data. Malformed files raise
 * {@link CheckpointException} with a one-line reason.
 */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;

    private Safetensors() {
    }

    /** The tensors and metadata of a file, tensors in header order. */
    public record Contents(Map<String, TensorData> tensors, Map<String, String> metadata) {
    }

    public static Contents read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new CheckpointException("cannot read checkpoint " + path + ": " + e.getMessage());
        }
        return parse(bytes, path.toString());
    }

    /** The contents of a file's bytes (a resource, a download); {@code source} names it in messages. */
    public static Contents parse(byte[] bytes, String source) {
        if (bytes.length < 8) {
            throw new CheckpointException(source + " is not a safetensors file (too short)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = buffer.getLong(0);
        if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > bytes.length) {
            throw new CheckpointException(source + " is not a safetensors file (bad header length)");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new CheckpointException(source + " is not a safetensors file (header is not JSON)");
        }
        if (header == null || !header.isObject()) {
            throw new CheckpointException(source + " is not a safetensors file (header is not a JSON object)");
        }
        int dataStart = 8 + (int) headerLength;
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().equals("__metadata__")) {
                entry.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            tensors.put(entry.getKey(), tensor(entry.getKey(), entry.getValue(), buffer, dataStart, source));
        }
        return new Contents(tensors, metadata);
    }

    private static TensorData tensor(String key, JsonNode node, ByteBuffer buffer, int dataStart, String source) {
        String name = quote(key);
        String dtype = node.path("dtype").asText("");
        JsonNode shapeNode = node.path("shape");
        JsonNode offsets = node.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new CheckpointException(source + ": tensor " + name + " has a malformed header entry");
        }
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (shape[i] < 0) {
                throw new CheckpointException(source + ": tensor " + name + " has a negative dimension");
            }
            // No tensor holds more values than the file has bytes; a product past that (or past a long) is refused.
            if (shape[i] != 0 && count > buffer.capacity() / shape[i]) {
                count = -1;
                break;
            }
            count *= shape[i];
        }
        if (count < 0) {
            throw new CheckpointException(source + ": tensor " + name + " has a shape of more values than the file holds");
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        int elementSize = switch (dtype) {
            case "F64", "I64" -> 8;
            case "F32", "I32" -> 4;
            case "F16", "BF16" -> 2;
            default -> throw new CheckpointException(source + ": tensor " + name + " has unsupported dtype " + quote(dtype));
        };
        if (begin < 0 || end < begin || end > buffer.capacity() - dataStart || end - begin != count * elementSize) {
            throw new CheckpointException(source + ": tensor " + name + " has data outside the file (truncated?)");
        }
        int at = dataStart + (int) begin;
        int n = (int) count;
        return switch (dtype) {
            case "F32" -> {
                float[] values = new float[n];
                buffer.slice(at, n * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
                yield TensorData.f32(shape, values);
            }
            case "F64" -> {
                float[] values = new float[n];
                for (int i = 0; i < n; i++) {
                    values[i] = (float) buffer.getDouble(at + 8 * i);
                }
                yield new TensorData(dtype, shape, values, null);
            }
            case "F16", "BF16" -> {
                float[] values = new float[n];
                for (int i = 0; i < n; i++) {
                    short bits = buffer.getShort(at + 2 * i);
                    values[i] = dtype.equals("F16") ? Float.float16ToFloat(bits) : Float.intBitsToFloat((bits & 0xffff) << 16);
                }
                yield new TensorData(dtype, shape, values, null);
            }
            case "I64" -> {
                long[] values = new long[n];
                for (int i = 0; i < n; i++) {
                    values[i] = buffer.getLong(at + 8 * i);
                }
                yield TensorData.i64(shape, values);
            }
            default -> {
                long[] values = new long[n];
                for (int i = 0; i < n; i++) {
                    values[i] = buffer.getInt(at + 4 * i);
                }
                yield new TensorData(dtype, shape, null, values);
            }
        };
    }

    /**
     * A name or value from a file's header as a message quotes it: control characters (line breaks
     * among them) as '?', at most 60 characters, so that a message stays one printable line.
     */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            if (out.length() == 57 && text.length() - i > 3) {
                return out.append("...").toString();
            }
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
        }
        return out.toString();
    }

    /** Serialises tensors (F32 or I64) in the given order, with string metadata. */
    public static byte[] serialize(Map<String, TensorData> tensors, Map<String, String> metadata) {
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, TensorData> entry : tensors.entrySet()) {
            TensorData t = entry.getValue();
            if (!t.dtype().equals("F32") && !t.dtype().equals("I64")) {
                throw new IllegalArgumentException("can only write F32 and I64 tensors: " + entry.getKey());
            }
            long size = t.elementCount() * (t.isFloating() ? 4 : 8);
            ObjectNode node = header.putObject(entry.getKey());
            node.put("dtype", t.dtype());
            var shape = node.putArray("shape");
            for (long dimension : t.shape()) {
                shape.add(dimension);
            }
            var offsets = node.putArray("data_offsets");
            offsets.add(offset);
            offsets.add(offset + size);
            offset += size;
        }
        byte[] headerBytes;
        try {
            headerBytes = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        int padded = (headerBytes.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(8 + padded + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(headerBytes);
        for (int i = headerBytes.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (TensorData t : tensors.values()) {
            if (t.isFloating()) {
                for (float value : t.floats()) {
                    out.putFloat(value);
                }
            } else {
                for (long value : t.longs()) {
                    out.putLong(value);
                }
            }
        }
        return out.array();
    }

    public static void write(OutputStream stream, Map<String, TensorData> tensors, Map<String, String> metadata)
            throws IOException {
        stream.write(serialize(tensors, metadata));
    }
}
