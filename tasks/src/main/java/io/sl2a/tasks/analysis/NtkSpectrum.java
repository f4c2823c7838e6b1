package io.sl2a.tasks.analysis;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/** The eigenvalues of a kernel matrix (Commons Math) and how fast they decay. */
public final class NtkSpectrum {
    private NtkSpectrum() {
    }

    /** Eigenvalues of the symmetric matrix, largest first. */
    public static double[] eigenvalues(double[][] symmetric) {
        double[] values = new EigenDecomposition(new Array2DRowRealMatrix(symmetric, false)).getRealEigenvalues();
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length / 2; i++) {
            double t = sorted[i];
            sorted[i] = sorted[sorted.length - 1 - i];
            sorted[sorted.length - 1 - i] = t;
        }
        return sorted;
    }

    /** The index range (1-based, inclusive) the decay rate is fitted over: 1 to a quarter of the eigenvalues. */
    public static int decayRangeEnd(int count) {
        return Math.max(2, count / 4);
    }

    /**
     * The slope of log lambda_i against log i for i = 1..{@link #decayRangeEnd} (eigenvalues largest
     * first), over the positive ones: about -p for lambda_i ~ i^-p; more negative decays faster.
     */
    public static double decaySlope(double[] eigenvaluesLargestFirst) {
        SimpleRegression fit = new SimpleRegression();
        int end = Math.min(eigenvaluesLargestFirst.length, decayRangeEnd(eigenvaluesLargestFirst.length));
        for (int i = 1; i <= end; i++) {
            double value = eigenvaluesLargestFirst[i - 1];
            if (value > 0) {
                fit.addData(Math.log(i), Math.log(value));
            }
        }
        return fit.getN() >= 2 ? fit.getSlope() : Double.NaN;
    }
}
