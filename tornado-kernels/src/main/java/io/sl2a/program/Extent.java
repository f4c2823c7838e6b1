package io.sl2a.program;

/**
 * A matrix dimension that is either fixed when the program is built or equal to the number of
 * rows (points) of the batch the program runs on, which may change from step to step (the last
 * batch of an epoch is smaller).
 */
public record Extent(int fixed, boolean isRows) {
    public static Extent rows() {
        return new Extent(0, true);
    }

    public static Extent of(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("extent must be positive: " + size);
        }
        return new Extent(size, false);
    }

    public int resolve(int rows) {
        return isRows ? rows : fixed;
    }

    /** The largest value this extent takes in a program compiled for at most {@code maxRows} rows. */
    public int max(int maxRows) {
        return isRows ? maxRows : fixed;
    }

    @Override
    public String toString() {
        return isRows ? "rows" : Integer.toString(fixed);
    }
}
