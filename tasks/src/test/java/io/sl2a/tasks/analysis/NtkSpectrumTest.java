package io.sl2a.tasks.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Eigenvalues of small matrices against their closed forms, and the decay rate of a power law. */
class NtkSpectrumTest {
    @Test
    void eigenvaluesLargestFirst() {
        assertArrayEquals(new double[] {3, 1}, NtkSpectrum.eigenvalues(new double[][] {{2, 1}, {1, 2}}), 1e-12);
        // diag(1, 4, 2) rotated keeps its eigenvalues
        double c = Math.cos(0.3);
        double s = Math.sin(0.3);
        double[][] rotation = {{c, -s, 0}, {s, c, 0}, {0, 0, 1}};
        double[] diagonal = {1, 4, 2};
        double[][] m = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 3; k++) {
                    m[i][j] += rotation[i][k] * diagonal[k] * rotation[j][k];
                }
            }
        }
        assertArrayEquals(new double[] {4, 2, 1}, NtkSpectrum.eigenvalues(m), 1e-12);
    }

    @Test
    void thePowerLawsExponentIsTheSlope() {
        double[] values = new double[64];
        for (int i = 0; i < values.length; i++) {
            values[i] = 5 * Math.pow(i + 1, -2.5);
        }
        assertEquals(16, NtkSpectrum.decayRangeEnd(64));
        assertEquals(-2.5, NtkSpectrum.decaySlope(values), 1e-9);
        values[3] = 0; // a zero eigenvalue is left out, not log(0)
        assertEquals(-2.5, NtkSpectrum.decaySlope(values), 1e-9);
    }
}
