package io.sl2a.nn.graph;

import java.util.Arrays;

/**
 * A constant tensor a layer keeps in the reference module's state_dict besides its parameters, as
 * PyTorch's {@code register_buffer} (persistent): an arange beside Chebyshev coefficients, a KAN's
 * spline grid, WIRE's omega and sigma. Its values follow from the configuration; it is saved in
 * checkpoints (so PyTorch loads them strictly) and checked when read, never trained, and no
 * operation reads it. A constant that the network's operations do read is a {@link Parameter#state}
 * (Fourier features' B) or a graph constant ({@link LayerGraph.Builder#constant}).
 *
 * @param name   its state_dict name
 * @param shape  its shape
 * @param floats its values when it is a float tensor, else null
 * @param longs  its values when it is an int64 tensor, else null
 */
public record ConstantBuffer(String name, long[] shape, float[] floats, long[] longs) {
    public ConstantBuffer {
        if ((floats == null) == (longs == null)) {
            throw new IllegalArgumentException("buffer " + name + " holds floats or longs, one of them");
        }
        long size = Arrays.stream(shape).reduce(1, Math::multiplyExact);
        if (size != (floats != null ? floats.length : longs.length)) {
            throw new IllegalArgumentException("buffer " + name + " of shape " + Arrays.toString(shape) + " has "
                    + (floats != null ? floats.length : longs.length) + " values");
        }
    }

    public static ConstantBuffer floats(String name, float[] values, long... shape) {
        return new ConstantBuffer(name, shape, values, null);
    }

    /** {@code arange(0, n)} as int64, the buffer PyTorch modules register beside Chebyshev coefficients. */
    public static ConstantBuffer arange(String name, int n) {
        long[] values = new long[n];
        Arrays.setAll(values, k -> k);
        return new ConstantBuffer(name, new long[] {n}, null, values);
    }

    public boolean isFloating() {
        return floats != null;
    }
}
