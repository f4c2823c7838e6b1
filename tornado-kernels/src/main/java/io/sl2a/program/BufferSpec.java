package io.sl2a.program;

/**
 * A named float buffer of a program. {@code rowWidth > 0} means the buffer holds one row of that
 * width per batch row (its size is {@code maxRows * rowWidth}); otherwise {@code size} is fixed.
 */
public record BufferSpec(String name, BufferRole role, int size, int rowWidth) {
    public static BufferSpec fixed(String name, BufferRole role, int size) {
        return new BufferSpec(name, role, size, 0);
    }

    public static BufferSpec perRow(String name, BufferRole role, int rowWidth) {
        return new BufferSpec(name, role, 0, rowWidth);
    }

    public int length(int maxRows) {
        return rowWidth > 0 ? Math.multiplyExact(maxRows, rowWidth) : size;
    }
}
