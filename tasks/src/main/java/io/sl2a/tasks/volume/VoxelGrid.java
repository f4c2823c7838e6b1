package io.sl2a.tasks.volume;

/**
 * Which points of an N×N×N grid lie inside a mesh, with the frame that places the grid on the
 * mesh. Point (i, j, k) is at index (k*N + j)*N + i (x fastest); see {@link GridFrame}.
 */
public final class VoxelGrid {
    private final int n;
    private final GridFrame frame;
    private final boolean[] inside;
    private final int insideCount;
    private final int disputedCount;

    /**
     * @param disputedCount how many points the three axes' parity tests did not all agree on (a
     *     closed mesh gives 0, up to rounding at grazing rays; a mesh with holes more)
     */
    public VoxelGrid(int n, GridFrame frame, boolean[] inside, int disputedCount) {
        if (n < 2 || (long) n * n * n != inside.length) {
            throw new IllegalArgumentException("a grid of side " + n + " needs " + (long) n * n * n
                    + " points, got " + inside.length);
        }
        this.n = n;
        this.frame = frame;
        this.inside = inside.clone();
        int count = 0;
        for (boolean b : inside) {
            if (b) {
                count++;
            }
        }
        this.insideCount = count;
        this.disputedCount = disputedCount;
    }

    /** The number of points along each axis. */
    public int n() {
        return n;
    }

    public GridFrame frame() {
        return frame;
    }

    public boolean inside(int i, int j, int k) {
        return inside[(k * n + j) * n + i];
    }

    public boolean inside(int index) {
        return inside[index];
    }

    /** A copy of the occupancy, one entry per grid point in index order. */
    public boolean[] occupancy() {
        return inside.clone();
    }

    /** The occupancy as a field of 1 (inside) and 0 (outside), for {@link MarchingCubes} at level 0.5. */
    public float[] indicator() {
        float[] field = new float[inside.length];
        for (int p = 0; p < inside.length; p++) {
            field[p] = inside[p] ? 1f : 0f;
        }
        return field;
    }

    public int insideCount() {
        return insideCount;
    }

    public int disputedCount() {
        return disputedCount;
    }

    /** The share of grid points inside, in [0, 1]. */
    public double insideFraction() {
        return (double) insideCount / inside.length;
    }

    /** The inside points' count times the volume each stands for, in the mesh's units cubed. */
    public double volume() {
        return insideCount * frame.voxelVolume(n);
    }
}
