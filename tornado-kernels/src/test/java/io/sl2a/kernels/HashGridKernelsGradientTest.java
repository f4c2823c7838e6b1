package io.sl2a.kernels;

import static io.sl2a.kernels.TestSupport.assertClose;
import static io.sl2a.kernels.TestSupport.dot;
import static io.sl2a.kernels.TestSupport.numericalGradient;
import static io.sl2a.kernels.TestSupport.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The multiresolution grid encoding: the table gradient of the scatter against central differences
 * of the forward (f = sum g * out is linear in the table, so the differences are exact up to float
 * rounding; tolerance 1e-2 of the largest gradient, h = 1e-2), with dense and hashed levels in 2-D
 * and 3-D; the hash against its definition in 64-bit arithmetic; interpolation exact on affine
 * functions; the total variation's gradient against central differences of its value.
 */
class HashGridKernelsGradientTest {
    private static final double GRADIENT_TOLERANCE = 1e-2;
    private static final int ROWS = 17;

    private static int entries(float[] resolutions, int dims, int levelSize) {
        return HashGridKernels.levelOffset(resolutions, resolutions.length, dims, levelSize);
    }

    private static float[] encode(float[] coords, float[] resolutions, float[] table, int dims, int features,
            int levelSize, int rows) {
        float[] out = new float[rows * resolutions.length * features];
        for (int row = 0; row < rows; row++) {
            HashGridKernels.encodeRow(row, coords, resolutions, table, dims, resolutions.length, features, levelSize,
                    out);
        }
        return out;
    }

    private static void checkTableGradient(int dims, float[] resolutions, int features, int levelSize, long seed) {
        Random random = new Random(seed);
        int levels = resolutions.length;
        float[] coords = uniform(random, ROWS * dims, -1.0, 1.0);
        coords[0] = 1.0f; // the upper edge: the last cell, weight 1 on its upper vertex
        coords[1] = -1.0f;
        float[] table = uniform(random, entries(resolutions, dims, levelSize) * features, -1.0, 1.0);
        float[] g = uniform(random, ROWS * levels * features, -1.0, 1.0);
        float[] dTable = uniform(random, table.length, -5.0, 5.0); // overwritten
        for (int item = 0; item < levels * features; item++) {
            HashGridKernels.scatterItem(item, ROWS, coords, resolutions, g, dims, levels, features, levelSize, dTable);
        }
        double[] expected = numericalGradient(table, 1e-2,
                () -> dot(g, encode(coords, resolutions, table, dims, features, levelSize, ROWS), g.length));
        assertClose(expected, dTable, GRADIENT_TOLERANCE, "dTable, " + dims + "-D");
        // A level at a time (the cpu binding's items) sums the same terms in the same order: the same bytes.
        float[] byLevel = uniform(random, table.length, -5.0, 5.0);
        for (int level = 0; level < levels; level++) {
            HashGridKernels.scatterLevel(level, ROWS, coords, resolutions, g, dims, levels, features, levelSize,
                    byLevel);
        }
        assertArrayEquals(dTable, byLevel, "scatterLevel against scatterItem, " + dims + "-D");
    }

    @Test
    void tableGradientMatchesCentralDifferences2d() {
        // levelSize 64: 4^2 and 8^2 vertices are dense, 31^2 are hashed.
        float[] resolutions = {3, 7, 30};
        assertEquals(0, HashGridKernels.denseEntries(30, 2, 64));
        assertEquals(64, HashGridKernels.denseEntries(7, 2, 64));
        checkTableGradient(2, resolutions, 2, 64, 11);
    }

    @Test
    void tableGradientMatchesCentralDifferences3d() {
        float[] resolutions = {2, 5};
        assertEquals(0, HashGridKernels.denseEntries(5, 3, 128));
        checkTableGradient(3, resolutions, 3, 128, 12);
    }

    @Test
    void hashIsTheXorOfPrimeProductsModTheTableSize() {
        int levelSize = 1 << 19;
        int resolution = 4000;
        Random random = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            float[] coords = uniform(random, 3, -1.0, 1.0);
            for (int corner = 0; corner < 8; corner++) {
                long hash = 0;
                for (int i = 0; i < 3; i++) {
                    float p = HashGridKernels.position(coords, 0, 3, i, resolution);
                    long vertex = HashGridKernels.cell(p, resolution) + ((corner >> i) & 1);
                    long prime = new long[] {1L, 2654435761L, 805459861L}[i];
                    hash ^= (vertex * prime) & 0xFFFFFFFFL;
                }
                int[] cells = new int[3];
                for (int i = 0; i < 3; i++) {
                    cells[i] = HashGridKernels.axisCell(coords, 0, 3, i, resolution);
                }
                assertEquals(hash % levelSize, HashGridKernels.cornerIndex(corner, resolution, cells[0], cells[1],
                        cells[2], 0, levelSize));
            }
        }
    }

    @Test
    void denseLevelsInterpolateAffineFunctionsExactly() {
        int dims = 2;
        float[] resolutions = {4, 9};
        int features = 1;
        int levelSize = 1 << 10;
        float[] table = new float[entries(resolutions, dims, levelSize)];
        int offset = 0;
        for (float r : resolutions) {
            int res = (int) r;
            for (int y = 0; y <= res; y++) {
                for (int x = 0; x <= res; x++) {
                    // f(u, v) = 0.5 + 2u - 3v at the vertex's unit coordinates.
                    table[offset + y * (res + 1) + x] = 0.5f + 2.0f * x / res - 3.0f * y / res;
                }
            }
            offset += (res + 1) * (res + 1);
        }
        Random random = new Random(3);
        float[] coords = uniform(random, ROWS * dims, -1.0, 1.0);
        float[] out = encode(coords, resolutions, table, dims, features, levelSize, ROWS);
        double[] expected = new double[out.length];
        for (int row = 0; row < ROWS; row++) {
            double u = (coords[row * 2] + 1.0) / 2.0;
            double v = (coords[row * 2 + 1] + 1.0) / 2.0;
            expected[row * 2] = 0.5 + 2 * u - 3 * v;
            expected[row * 2 + 1] = expected[row * 2];
        }
        assertClose(expected, out, 1e-5, "affine interpolation");
    }

    private static double totalVariation(float[] table, int dims, int resolution, int features) {
        int vertices = resolution + 1;
        int count = HashGridKernels.denseEntries(resolution, dims, Integer.MAX_VALUE);
        double sum = 0.0;
        for (int vertex = 0; vertex < count; vertex++) {
            int stride = 1;
            for (int i = 0; i < dims; i++) {
                if ((vertex / stride) % vertices < resolution) {
                    for (int f = 0; f < features; f++) {
                        sum += Math.abs((double) table[(vertex + stride) * features + f] - table[vertex * features + f]);
                    }
                }
                stride *= vertices;
            }
        }
        return sum;
    }

    @Test
    void totalVariationGradientMatchesCentralDifferences() {
        for (int dims = 1; dims <= 3; dims++) {
            int resolution = 4;
            int features = 2;
            float weight = 0.3f;
            Random random = new Random(40 + dims);
            int count = HashGridKernels.denseEntries(resolution, dims, Integer.MAX_VALUE);
            // Values on a coarse lattice 0.1 apart: no two neighbours within h of each other.
            float[] table = new float[count * features];
            for (int k = 0; k < table.length; k++) {
                table[k] = 0.1f * random.nextInt(40);
            }
            float[] base = uniform(random, table.length, -1.0, 1.0);
            float[] dTable = base.clone();
            for (int vertex = 0; vertex < count; vertex++) {
                HashGridKernels.totalVariationVertex(vertex, table, dims, resolution, features, weight, dTable);
            }
            final int d = dims;
            double[] expected = numericalGradient(table, 1e-3,
                    () -> weight * totalVariation(table, d, resolution, features));
            for (int k = 0; k < expected.length; k++) {
                expected[k] += base[k]; // the op adds to what is there
            }
            assertClose(expected, dTable, 1e-3, "total variation gradient, " + dims + "-D");
        }
    }
}
