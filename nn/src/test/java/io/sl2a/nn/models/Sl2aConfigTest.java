package io.sl2a.nn.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sl2a.nn.graph.ParameterShape;
import org.junit.jupiter.api.Test;

/** The configuration's limits (each at its boundary), parameter count and work per sample. */
class Sl2aConfigTest {
    private static void assertRefused(String message, int in, int out, int degree, int width, int layers, int rank) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sl2aConfig(in, out, degree, width, layers, rank, true, true));
        assertEquals(message, e.getMessage());
    }

    @Test
    void everyLimitHoldsAtItsBoundary() {
        new Sl2aConfig(1, 1, 1, 1, 0, 0, true, true);
        new Sl2aConfig(2, 3, 4, 8, 2, 8, false, false);
        assertRefused("in features must be at least 1, got 0", 0, 3, 4, 8, 2, 4);
        assertRefused("out features must be at least 1, got 0", 2, 0, 4, 8, 2, 4);
        assertRefused("degree must be at least 1, got 0", 2, 3, 0, 8, 2, 4);
        assertRefused("width must be at least 1, got 0", 2, 3, 4, 0, 2, 4);
        assertRefused("layers must be at least 0, got -1", 2, 3, 4, 8, -1, 4);
        assertRefused("rank must be at least 1 (or full), got -1", 2, 3, 4, 8, 2, -1);
        assertRefused("rank (9) must not exceed width (8)", 2, 3, 4, 8, 2, 9);
        // in * width * (degree + 1) coefficients, at most Integer.MAX_VALUE / 4 of them.
        int limit = Integer.MAX_VALUE / 4;
        new Sl2aConfig(1, 1, limit / 1024 - 1, 1024, 0, 0, true, true);
        assertRefused("degree x width x inputs is too large: 536870912 coefficients", 1, 1, limit / 1024, 1024, 0, 0);
        assertRefused("degree x width x inputs is too large: 1073739776 coefficients", 2, 1, limit / 1024 - 1, 1024, 0,
                0);
    }

    @Test
    void parameterCountIsTheSumOfTheStateDictsTensors() {
        for (Sl2aConfig c : new Sl2aConfig[] {Sl2aConfig.reference(3), Sl2aConfig.reference(1),
                new Sl2aConfig(3, 2, 5, 8, 2, Sl2aConfig.FULL_RANK, true, true), new Sl2aConfig(2, 3, 4, 8, 0, 4, true,
                        true)}) {
            long sum = Sl2aConfig.parameters(c).stream().mapToLong(ParameterShape::size).sum();
            assertEquals(sum, c.parameterCount(), c.toString());
        }
        // The authors' default model on a colour image (torch: sum(p.numel() for p in model.parameters())).
        assertEquals(330_243, Sl2aConfig.reference(3).parameterCount());
        assertEquals(Sl2aConfig.reference(3), Sl2aConfig.reference(1).withOutFeatures(3));
    }

    @Test
    void trainingWorkPerSampleCountsEveryProduct() {
        // Reference model: Chebyshev 2*2*257*256 forward and as much for its coefficient gradient;
        // 3 hidden layers of two rank-128 products, 3 passes each; the output layer, 3 passes.
        assertEquals(2 * 263_168 + 3 * 131_072 * 3 + 1_536 * 3, Sl2aConfig.reference(3).trainingFlopsPerSample(), 1e-6);
        Sl2aConfig dense = new Sl2aConfig(2, 1, 3, 8, 2, Sl2aConfig.FULL_RANK, true, true);
        assertEquals(2 * (2.0 * 2 * 4 * 8) + 2 * (2.0 * 8 * 8) * 3 + (2.0 * 8) * 3, dense.trainingFlopsPerSample(),
                1e-9);
    }
}
