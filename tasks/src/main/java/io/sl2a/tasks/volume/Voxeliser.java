package io.sl2a.tasks.volume;

import java.util.Arrays;

/**
 * Decides which points of an N×N×N grid lie inside a triangle mesh, robustly enough for real scans
 * with holes and stray triangles.
 *
 * <p>For each of the three axes, every grid line parallel to it (a column) is intersected with the
 * mesh: each triangle is projected onto the plane of the other two axes and tested against the
 * columns its projection covers, giving the coordinate where the column crosses it. A column's
 * sorted crossings then split it into inside and outside stretches by parity. A column with an odd
 * number of crossings went through a hole, so it abstains rather than vote; a point is inside when
 * more axes say inside than outside. One axis's columns through a hole are outvoted by the other
 * two, so a mesh that is not closed still voxelises sensibly.
 *
 * <p>Points on a projected triangle's edge or vertex are decided by the top-left rule, as in
 * rasterisers, with each edge's function evaluated from its endpoints in a fixed order, so that a
 * column through a shared edge or vertex counts exactly one of the triangles around it (synthetic
 * meshes hit grid columns exactly all the time).
 */
public final class Voxeliser {
    /** The largest grid side: N³ flags and vote counters must fit in arrays. */
    public static final int MAX_N = 1024;

    private static final int PROGRESS_CHUNK = 4096;

    /** Told how far the voxelisation is, in steps; the last call has {@code done == total}. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total);
    }

    /** A {@link Progress} that ignores updates. */
    public static final Progress SILENT = (done, total) -> {
    };

    private Voxeliser() {
    }

    /** Voxelises {@code mesh} on a grid of side {@code n} in the frame {@link GridFrame#fitting} gives. */
    public static VoxelGrid voxelise(TriangleMesh mesh, int n, Progress progress) {
        return voxelise(mesh, n, GridFrame.fitting(mesh), progress);
    }

    /**
     * Voxelises {@code mesh} on a grid of side {@code n} placed by {@code frame}. Progress counts
     * triangles: three passes over them (one per axis), reported every few thousand triangles.
     *
     * @throws IllegalArgumentException if {@code n} is outside [2, {@link #MAX_N}]
     */
    public static VoxelGrid voxelise(TriangleMesh mesh, int n, GridFrame frame, Progress progress) {
        if (n < 2 || n > MAX_N) {
            throw new IllegalArgumentException("grid side must be in [2, " + MAX_N + "], got " + n);
        }
        double[] grid = gridVertices(mesh, frame);
        double[] coordinate = new double[n];
        for (int i = 0; i < n; i++) {
            coordinate[i] = GridFrame.gridCoordinate(i, n);
        }
        // Votes per point: inside votes in the low nibble, outside votes in the high one.
        byte[] votes = new byte[n * n * n];
        long total = 3L * mesh.triangleCount();
        for (int axis = 0; axis < 3; axis++) {
            Crossings crossings = cast(mesh.triangleArray(), grid, coordinate, axis, progress, axis * (long) mesh.triangleCount(), total);
            vote(crossings, coordinate, axis, votes);
        }
        progress.update(total, total);
        boolean[] inside = new boolean[votes.length];
        int disputed = 0;
        for (int p = 0; p < votes.length; p++) {
            int in = votes[p] & 0xF;
            int out = votes[p] >> 4;
            inside[p] = in > out;
            if (in > 0 && out > 0) {
                disputed++;
            }
        }
        return new VoxelGrid(n, frame, inside, disputed);
    }

    private static double[] gridVertices(TriangleMesh mesh, GridFrame frame) {
        float[] v = mesh.vertexArray();
        double[] grid = new double[v.length];
        for (int p = 0; p < v.length; p += 3) {
            grid[p] = frame.toGrid(0, v[p]);
            grid[p + 1] = frame.toGrid(1, v[p + 1]);
            grid[p + 2] = frame.toGrid(2, v[p + 2]);
        }
        return grid;
    }

    /** Every column's crossings along {@code axis}, grouped by column: column c's are at [start[c], start[c+1]). */
    private record Crossings(int[] start, double[] at) {
    }

    /**
     * Intersects the columns parallel to {@code axis} with every triangle. Column (iu, iv), with u
     * and v the next two axes in cyclic order, has index iv*n + iu.
     */
    private static Crossings cast(int[] triangles, double[] grid, double[] coordinate, int axis,
            Progress progress, long doneBefore, long total) {
        int n = coordinate.length;
        int u = (axis + 1) % 3;
        int v = (axis + 2) % 3;
        double toIndex = (n - 1) / 2.0;
        int[] column = new int[1024];
        double[] at = new double[1024];
        int count = 0;
        int triangleCount = triangles.length / 3;
        for (int t = 0; t < triangleCount; t++) {
            if (t % PROGRESS_CHUNK == 0 && t > 0) {
                progress.update(doneBefore + t, total);
            }
            int a = 3 * triangles[3 * t];
            int b = 3 * triangles[3 * t + 1];
            int c = 3 * triangles[3 * t + 2];
            double au = grid[a + u], av = grid[a + v];
            double bu = grid[b + u], bv = grid[b + v];
            double cu = grid[c + u], cv = grid[c + v];
            double area = (bu - au) * (cv - av) - (bv - av) * (cu - au);
            if (area == 0 || Double.isNaN(area)) {
                continue; // seen edge-on: the neighbouring triangles cover its columns
            }
            // Traverse counter-clockwise in the (u, v) plane, so that inside means every edge >= 0.
            int orientation = area > 0 ? 1 : -1;
            int iuFrom = Math.max(0, (int) Math.ceil((Math.min(au, Math.min(bu, cu)) + 1) * toIndex));
            int iuTo = Math.min(n - 1, (int) Math.floor((Math.max(au, Math.max(bu, cu)) + 1) * toIndex));
            int ivFrom = Math.max(0, (int) Math.ceil((Math.min(av, Math.min(bv, cv)) + 1) * toIndex));
            int ivTo = Math.min(n - 1, (int) Math.floor((Math.max(av, Math.max(bv, cv)) + 1) * toIndex));
            double lowest = Math.min(grid[a + axis], Math.min(grid[b + axis], grid[c + axis]));
            double highest = Math.max(grid[a + axis], Math.max(grid[b + axis], grid[c + axis]));
            for (int iv = ivFrom; iv <= ivTo; iv++) {
                double pv = coordinate[iv];
                for (int iu = iuFrom; iu <= iuTo; iu++) {
                    double pu = coordinate[iu];
                    // wa is A's barycentric weight: the function of the edge opposite A, B -> C.
                    double wa = orientation * edge(bu, bv, cu, cv, pu, pv);
                    if (!covers(wa, orientation, bu, bv, cu, cv)) {
                        continue;
                    }
                    double wb = orientation * edge(cu, cv, au, av, pu, pv);
                    if (!covers(wb, orientation, cu, cv, au, av)) {
                        continue;
                    }
                    double wc = orientation * edge(au, av, bu, bv, pu, pv);
                    if (!covers(wc, orientation, au, av, bu, bv)) {
                        continue;
                    }
                    double sum = wa + wb + wc;
                    double crossing = sum > 0
                            ? (wa * grid[a + axis] + wb * grid[b + axis] + wc * grid[c + axis]) / sum
                            : lowest;
                    if (count == column.length) {
                        column = Arrays.copyOf(column, 2 * count);
                        at = Arrays.copyOf(at, 2 * count);
                    }
                    column[count] = iv * n + iu;
                    at[count] = Math.clamp(crossing, lowest, highest);
                    count++;
                }
            }
        }
        progress.update(doneBefore + triangleCount, total);
        return groupByColumn(column, at, count, n * n);
    }

    /**
     * The edge function of the directed edge (x0, y0) -> (x1, y1) at p: positive when p is to its
     * left. Evaluated with the endpoints in a fixed (lexicographic) order and negated for the
     * other direction, so that the two triangles sharing an edge get exactly opposite values,
     * zero included, whatever the rounding.
     */
    private static double edge(double x0, double y0, double x1, double y1, double px, double py) {
        if (x0 < x1 || (x0 == x1 && y0 <= y1)) {
            return (x1 - x0) * (py - y0) - (y1 - y0) * (px - x0);
        }
        return -((x0 - x1) * (py - y1) - (y0 - y1) * (px - x1));
    }

    /**
     * Whether a point with edge value {@code w} (already turned counter-clockwise) counts as on the
     * inside of that edge: strictly inside, or exactly on it and the edge is a top or left one. In
     * the counter-clockwise traversal an edge going down (or exactly horizontal and going left)
     * keeps its points; its twin in the neighbouring triangle runs the other way and does not.
     */
    private static boolean covers(double w, int orientation, double x0, double y0, double x1, double y1) {
        if (w > 0) {
            return true;
        }
        if (w < 0 || Double.isNaN(w)) {
            return false;
        }
        double dx = orientation * (x1 - x0);
        double dy = orientation * (y1 - y0);
        return dy < 0 || (dy == 0 && dx < 0);
    }

    /** A counting sort of the crossings by column, each column's crossings then sorted along it. */
    private static Crossings groupByColumn(int[] column, double[] at, int count, int columns) {
        int[] start = new int[columns + 1];
        for (int p = 0; p < count; p++) {
            start[column[p] + 1]++;
        }
        for (int c = 0; c < columns; c++) {
            start[c + 1] += start[c];
        }
        int[] next = Arrays.copyOf(start, columns);
        double[] sorted = new double[count];
        for (int p = 0; p < count; p++) {
            sorted[next[column[p]]++] = at[p];
        }
        for (int c = 0; c < columns; c++) {
            if (start[c + 1] - start[c] > 1) {
                Arrays.sort(sorted, start[c], start[c + 1]);
            }
        }
        return new Crossings(start, sorted);
    }

    /**
     * Adds this axis's vote to every grid point: inside when an odd number of the column's
     * crossings lie before it, outside when even; none from a column with an odd crossing count.
     */
    private static void vote(Crossings crossings, double[] coordinate, int axis, byte[] votes) {
        int n = coordinate.length;
        int[] stride = {1, n, n * n};
        int u = (axis + 1) % 3;
        int v = (axis + 2) % 3;
        for (int iv = 0; iv < n; iv++) {
            for (int iu = 0; iu < n; iu++) {
                int c = iv * n + iu;
                int from = crossings.start()[c];
                int to = crossings.start()[c + 1];
                if ((to - from) % 2 != 0) {
                    continue; // went through a hole: no say
                }
                int base = iu * stride[u] + iv * stride[v];
                int next = from;
                for (int i = 0; i < n; i++) {
                    while (next < to && crossings.at()[next] < coordinate[i]) {
                        next++;
                    }
                    int p = base + i * stride[axis];
                    votes[p] += (next - from) % 2 == 1 ? 1 : 16;
                }
            }
        }
    }
}
