package io.sl2a.tasks.analysis;

import io.sl2a.backend.Backend;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.graph.Parameter;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The empirical neural tangent kernel K = J J^T of a scalar-output network at given parameters, J
 * the Jacobian of the output at N inputs with respect to every parameter, one row per input from
 * the compiled {@code output_gradient} routine. J is held a block of rows at a time within a
 * memory budget, so K of N = 1024 inputs of a 330 k-parameter network needs a few hundred MB: for
 * each block, the rows of J after it are computed again and contracted with it.
 */
public final class EmpiricalNtk {
    private EmpiricalNtk() {
    }

    /** Rows of J that fit in {@code budgetBytes}, at least one. */
    static int blockRows(long parameters, long budgetBytes, int points) {
        long rows = budgetBytes / (4L * Math.max(1, parameters));
        return (int) Math.max(1, Math.min(points, rows));
    }

    /**
     * K [points x points] (symmetric) for inputs [points, in], in double. {@code gradientDone}
     * hears each output gradient computed (for a progress bar; {@link #gradientsNeeded} in all).
     */
    public static double[][] kernel(Backend backend, LayerGraph graph, Map<String, float[]> parameters, float[] inputs,
            int points, long budgetBytes, IntConsumer gradientDone) {
        if (graph.outputWidth() != 1) {
            throw new IllegalArgumentException("the NTK here is of a scalar output, the network has " + graph.outputWidth());
        }
        int in = graph.inputWidth();
        List<Parameter> order = graph.trainableParameters();
        long size = order.stream().mapToLong(Parameter::size).sum();
        int block = blockRows(size, budgetBytes, points);
        double[][] k = new double[points][points];
        int done = 0;
        try (DeviceNetwork network = DeviceNetwork.create(backend, graph, 1, AdamSettings.PYTORCH, 0)) {
            network.setParameters(parameters);
            float[] one = {1.0f};
            for (int first = 0; first < points; first += block) {
                int rows = Math.min(block, points - first);
                float[][] held = new float[rows][];
                for (int r = 0; r < rows; r++) {
                    held[r] = row(network, order, size, inputs, (first + r) * in, in, one);
                    gradientDone.accept(++done);
                }
                // Within the block, and against every later row (computed again, one at a time).
                contract(held, held, k, first, first);
                for (int j = first + rows; j < points; j++) {
                    float[][] other = {row(network, order, size, inputs, j * in, in, one)};
                    gradientDone.accept(++done);
                    contract(held, other, k, first, j);
                }
            }
        }
        for (int i = 0; i < points; i++) {
            for (int j = 0; j < i; j++) {
                k[i][j] = k[j][i];
            }
        }
        return k;
    }

    /** Output gradients the kernel computes for {@code points} inputs with blocks of {@code block} rows. */
    public static long gradientsNeeded(int points, long parameters, long budgetBytes) {
        int block = blockRows(parameters, budgetBytes, points);
        long total = 0;
        for (int first = 0; first < points; first += block) {
            total += points - first;
        }
        return total;
    }

    private static float[] row(DeviceNetwork network, List<Parameter> order, long size, float[] inputs, int offset,
            int in,
            float[] one) {
        float[] point = java.util.Arrays.copyOfRange(inputs, offset, offset + in);
        Map<String, float[]> gradients = network.outputGradient(point, one);
        float[] row = new float[Math.toIntExact(size)];
        int at = 0;
        for (Parameter p : order) {
            float[] g = gradients.get(p.name());
            System.arraycopy(g, 0, row, at, g.length);
            at += g.length;
        }
        return row;
    }

    /** k[rowOffset + a][columnOffset + b] = held[a] . other[b] for b's column at or right of the diagonal. */
    private static void contract(float[][] held, float[][] other, double[][] k, int rowOffset, int columnOffset) {
        IntStream.range(0, held.length).parallel().forEach(a -> {
            for (int b = 0; b < other.length; b++) {
                int i = rowOffset + a;
                int j = columnOffset + b;
                if (j >= i) {
                    k[i][j] = dot(held[a], other[b]);
                }
            }
        });
    }

    private static double dot(float[] x, float[] y) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            sum += (double) x[i] * y[i];
        }
        return sum;
    }
}
