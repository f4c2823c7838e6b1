package io.sl2a.tasks.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VoxeliserTest {
    private static final int N = 48;

    @Test
    void sphereVolumeMatchesTheClosedForm() {
        double r = 1.3;
        TriangleMesh sphere = TestMeshes.sphere(r, 5, 2, -1, 0.5);
        VoxelGrid grid = Voxeliser.voxelise(sphere, N, Voxeliser.SILENT);
        double exact = 4 / 3.0 * Math.PI * r * r * r;
        assertEquals(exact, grid.volume(), 0.02 * exact);
        assertEquals(0, grid.disputedCount());
        assertTrue(grid.inside(N / 2, N / 2, N / 2));
        assertFalse(grid.inside(0, 0, 0));
    }

    @Test
    void cubeCoversExactlyTheGridPointsInsideIt() {
        double a = 3;
        TriangleMesh cube = TestMeshes.cube(a);
        // An arbitrary placement, so that no grid point lies on a face and each side covers a
        // fractional number of spacings.
        GridFrame frame = new GridFrame(0.11, -0.07, 0.05, 1.55 / a);
        VoxelGrid grid = Voxeliser.voxelise(cube, N, frame, Voxeliser.SILENT);
        int expected = 1;
        for (int axis = 0; axis < 3; axis++) {
            int count = 0;
            for (int i = 0; i < N; i++) {
                double x = frame.toMesh(axis, GridFrame.gridCoordinate(i, N));
                if (Math.abs(x) < a / 2) {
                    count++;
                }
            }
            expected *= count;
        }
        assertEquals(expected, grid.insideCount());
        assertEquals(a * a * a, grid.volume(), 0.05 * a * a * a);
        assertEquals(0, grid.disputedCount());
    }

    @Test
    void cubeFittedToTheGridIsFilledSolid() {
        VoxelGrid grid = Voxeliser.voxelise(TestMeshes.cube(1), 16, Voxeliser.SILENT);
        // The box spans [-0.95, 0.95]: every grid point but the outer layer is inside.
        assertEquals(14 * 14 * 14, grid.insideCount());
        // Columns run exactly through the faces' diagonals here: the tie rule must count one triangle.
        assertEquals(0, grid.disputedCount());
        assertFalse(grid.inside(0, 5, 5));
        assertTrue(grid.inside(1, 5, 5));
    }

    @Test
    void torusVolumeMatchesTheClosedForm() {
        double major = 1;
        double r = 0.4;
        TriangleMesh torus = TestMeshes.torus(major, r, 96, 48);
        VoxelGrid grid = Voxeliser.voxelise(torus, N, Voxeliser.SILENT);
        double exact = 2 * Math.PI * Math.PI * major * r * r;
        assertEquals(exact, grid.volume(), 0.03 * exact);
        assertFalse(grid.inside(N / 2, N / 2, N / 2)); // the hole
    }

    @Test
    void majorityVoteFillsASphereWithHoles() {
        TriangleMesh sphere = TestMeshes.sphere(1, 4, 0, 0, 0);
        // Twelve holes spread over the sphere: each spoils the columns of one axis or two there.
        int[] removed = new int[12];
        for (int h = 0; h < removed.length; h++) {
            removed[h] = h * (sphere.triangleCount() / removed.length) + h;
        }
        TriangleMesh holed = TestMeshes.without(sphere, removed);
        assertFalse(holed.isClosed());
        assertEquals(36, holed.boundaryEdgeCount());
        VoxelGrid closed = Voxeliser.voxelise(sphere, N, Voxeliser.SILENT);
        VoxelGrid open = Voxeliser.voxelise(holed, N, GridFrame.fitting(sphere), Voxeliser.SILENT);
        assertEquals(closed.insideCount(), open.insideCount(), 0.002 * closed.insideCount());
        int differ = 0;
        for (int p = 0; p < N * N * N; p++) {
            if (closed.inside(p) != open.inside(p)) {
                differ++;
            }
        }
        assertTrue(differ < 0.002 * closed.insideCount(), differ + " points changed");
    }

    @Test
    void reversedNormalsVoxeliseTheSame() {
        TriangleMesh torus = TestMeshes.torus(1, 0.3, 48, 24);
        VoxelGrid grid = Voxeliser.voxelise(torus, 24, Voxeliser.SILENT);
        VoxelGrid reversed = Voxeliser.voxelise(TestMeshes.reversed(torus), 24, Voxeliser.SILENT);
        assertArrayEquals(grid.occupancy(), reversed.occupancy());
    }

    @Test
    void progressClimbsToTheTotal() {
        TriangleMesh sphere = TestMeshes.sphere(1, 5, 0, 0, 0);
        List<long[]> updates = new ArrayList<>();
        Voxeliser.voxelise(sphere, 16, (done, total) -> updates.add(new long[] {done, total}));
        assertTrue(updates.size() >= 3);
        long last = -1;
        for (long[] u : updates) {
            assertEquals(3L * sphere.triangleCount(), u[1]);
            assertTrue(u[0] >= last);
            last = u[0];
        }
        assertEquals(3L * sphere.triangleCount(), last);
    }

    @Test
    void frameMapsTheLargestSideOntoTheMarginAndBack() {
        TriangleMesh sphere = TestMeshes.sphere(2, 2, 10, 20, 30);
        GridFrame frame = GridFrame.fitting(sphere);
        assertEquals(1 - GridFrame.MARGIN, frame.toGrid(0, 12), 1e-6);
        assertEquals(-(1 - GridFrame.MARGIN), frame.toGrid(1, 18), 1e-6);
        double[] back = frame.toMesh(0.3, -0.2, 0.9);
        double[] grid = frame.toGrid(back[0], back[1], back[2]);
        assertArrayEquals(new double[] {0.3, -0.2, 0.9}, grid, 1e-12);
        assertEquals(Math.pow(2.0 / 15 / frame.scale(), 3), frame.voxelVolume(16), 1e-12);
    }

    @Test
    void refusesGridSidesOutOfRange() {
        TriangleMesh cube = TestMeshes.cube(1);
        assertThrows(IllegalArgumentException.class, () -> Voxeliser.voxelise(cube, 1, Voxeliser.SILENT));
        assertThrows(IllegalArgumentException.class,
                () -> Voxeliser.voxelise(cube, Voxeliser.MAX_N + 1, Voxeliser.SILENT));
    }
}
