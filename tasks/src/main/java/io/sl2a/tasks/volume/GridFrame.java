package io.sl2a.tasks.volume;

/**
 * The similarity (uniform scale and shift) between a mesh's own units and the grid's coordinates,
 * where the sample grid spans [-1, 1] on each axis: {@code grid = (mesh - centre) * scale}.
 *
 * <p>The grid of side N has its points at {@code linspace(-1, 1, N)} on each axis: point (i, j, k)
 * at x = -1 + 2i/(N-1), y = -1 + 2j/(N-1), z = -1 + 2k/(N-1), stored at index (k*N + j)*N + i
 * (x fastest). The frame itself does not depend on N, so one frame serves every resolution.
 *
 * @param centreX mesh x that maps to grid x = 0
 * @param scale grid units per mesh unit (positive)
 */
public record GridFrame(double centreX, double centreY, double centreZ, double scale) {
    /**
     * The half-width of the empty band between the mesh's box and the grid's border, in grid
     * units: the largest side of the box maps to [-1 + MARGIN, 1 - MARGIN]. Fixed (not a number of
     * voxels) so that the frame is the same at every N; the grid points on the border (at ±1) are
     * then always outside the box, so a voxelised shape never touches the border, and a model
     * learning occupancy sees some empty space around the shape on every side.
     */
    public static final double MARGIN = 0.05;

    public GridFrame {
        if (!(scale > 0) || !Double.isFinite(scale) || !Double.isFinite(centreX) || !Double.isFinite(centreY)
                || !Double.isFinite(centreZ)) {
            throw new IllegalArgumentException("a grid frame needs a finite centre and a positive scale, got "
                    + centreX + ", " + centreY + ", " + centreZ + ", " + scale);
        }
    }

    /**
     * Centres the mesh's bounding box on the grid and scales it so that its largest side spans
     * [-1 + MARGIN, 1 - MARGIN]; the other sides keep their proportions. A mesh that is flat in
     * every direction (a single point) gets scale 1.
     */
    public static GridFrame fitting(TriangleMesh mesh) {
        BoundingBox box = mesh.bounds();
        double side = box.largestSide();
        double scale = side > 0 ? 2 * (1 - MARGIN) / side : 1;
        return new GridFrame(box.centre(0), box.centre(1), box.centre(2), scale);
    }

    /** The grid coordinate on each axis of grid index {@code i} for a grid of side {@code n}. */
    public static double gridCoordinate(int i, int n) {
        return -1 + 2.0 * i / (n - 1);
    }

    /** The distance between neighbouring grid points, in grid units, for a grid of side {@code n}. */
    public static double spacing(int n) {
        return 2.0 / (n - 1);
    }

    /** The point (x, y, z) of the grid, in the mesh's units. */
    public double[] toMesh(double x, double y, double z) {
        return new double[] {centreX + x / scale, centreY + y / scale, centreZ + z / scale};
    }

    /** The mesh point (x, y, z) in grid coordinates. */
    public double[] toGrid(double x, double y, double z) {
        return new double[] {(x - centreX) * scale, (y - centreY) * scale, (z - centreZ) * scale};
    }

    /** One grid coordinate along {@code axis} (0 = x, 1 = y, 2 = z), in the mesh's units. */
    public double toMesh(int axis, double gridValue) {
        return centre(axis) + gridValue / scale;
    }

    /** One mesh coordinate along {@code axis}, in grid coordinates. */
    public double toGrid(int axis, double meshValue) {
        return (meshValue - centre(axis)) * scale;
    }

    /** The volume one grid point stands for in a grid of side {@code n}, in the mesh's units cubed. */
    public double voxelVolume(int n) {
        double side = spacing(n) / scale;
        return side * side * side;
    }

    private double centre(int axis) {
        return switch (axis) {
            case 0 -> centreX;
            case 1 -> centreY;
            case 2 -> centreZ;
            default -> throw new IllegalArgumentException("axis " + axis);
        };
    }
}
