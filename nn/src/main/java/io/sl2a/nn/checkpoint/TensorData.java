package io.sl2a.nn.checkpoint;

import java.util.Arrays;

/**
 * One tensor of a safetensors file: its dtype, shape and values. Floating tensors (F32, F64, F16,
 * BF16) are held as float[]; integer tensors (I64, I32) as long[].
 */
public record TensorData(String dtype, long[] shape, float[] floats, long[] longs) {

    public static TensorData f32(long[] shape, float[] values) {
        return new TensorData("F32", shape, values, null);
    }

    public static TensorData i64(long[] shape, long[] values) {
        return new TensorData("I64", shape, null, values);
    }

    public boolean isFloating() {
        return floats != null;
    }

    public long elementCount() {
        long count = 1;
        for (long dimension : shape) {
            count *= dimension;
        }
        return count;
    }

    public String shapeText() {
        return Arrays.toString(shape);
    }
}
