package io.sl2a.nn.operators;

/**
 * A linear measurement of a network's whole rendering, {@code y = A f} (area downsampling, the
 * Radon transform): a parameterless layer after the output. The compiled training step renders
 * every point, applies {@code A}, takes the mean squared error against the measurement, and
 * brings its gradient back through {@code A}'s transpose (the adjoint). {@code A}'s columns are the
 * rendered points in the order the program evaluates them.
 */
public record MeasurementOperator(String name, SparseMatrix matrix, SparseMatrix adjoint) {
    public MeasurementOperator {
        if (adjoint.rows() != matrix.columns() || adjoint.columns() != matrix.rows()
                || adjoint.entries() != matrix.entries()) {
            throw new IllegalArgumentException("the adjoint of " + name + " does not match its matrix");
        }
    }

    public static MeasurementOperator of(String name, SparseMatrix matrix) {
        return new MeasurementOperator(name, matrix, matrix.transpose());
    }

    /** Measurements (rows of A). */
    public int measurements() {
        return matrix.rows();
    }

    /** Rendered points (columns of A). */
    public int points() {
        return matrix.columns();
    }
}
