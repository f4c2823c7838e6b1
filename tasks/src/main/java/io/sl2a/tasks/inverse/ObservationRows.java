package io.sl2a.tasks.inverse;

import io.sl2a.nn.operators.MeasurementOperator;
import io.sl2a.nn.operators.SparseMatrix;
import io.sl2a.nn.train.FitData;
import io.sl2a.nn.train.GridCoordinates;

/**
 * A subset of the observations, by index, in whichever form a fit takes them: training points
 * (their grid indices kept, so a per-axis model stays on its grid path), or the rows of a
 * measurement operator with their measured values. The hold-out share and the fit share are both cut this way.
 */
public final class ObservationRows {
    private ObservationRows() {
    }

    /** The points {@code rows} of {@code data}, in that order. */
    public static FitData points(FitData data, int[] rows) {
        int in = data.inFeatures();
        int out = data.outFeatures();
        float[] coords = new float[in * rows.length];
        float[] targets = new float[out * rows.length];
        float[] index = data.grid() == null ? null : new float[in * rows.length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(data.coords(), in * rows[i], coords, in * i, in);
            System.arraycopy(data.targets(), out * rows[i], targets, out * i, out);
            if (index != null) {
                System.arraycopy(data.grid().pointIndex(), in * rows[i], index, in * i, in);
            }
        }
        GridCoordinates grid = index == null ? null
                : new GridCoordinates(data.grid().axisValues(), data.grid().axisLength(), index);
        return new FitData(coords, targets, rows.length, in, out, grid);
    }

    /** The operator whose measurements are {@code rows} of {@code operator}'s, over the same rendered points. */
    public static MeasurementOperator operator(MeasurementOperator operator, int[] rows) {
        SparseMatrix matrix = operator.matrix();
        SparseMatrix.Builder builder = new SparseMatrix.Builder(matrix.columns());
        for (int row : rows) {
            for (int k = matrix.rowStart()[row]; k < matrix.rowStart()[row + 1]; k++) {
                builder.add(matrix.columnIndex()[k], matrix.values()[k]);
            }
            builder.endRow();
        }
        return MeasurementOperator.of(operator.name(), builder.build());
    }

    /** The values of measurements {@code rows} ({@code channels} interleaved values a measurement). */
    public static float[] values(float[] measurement, int channels, int[] rows) {
        float[] values = new float[channels * rows.length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(measurement, channels * rows[i], values, channels * i, channels);
        }
        return values;
    }
}
