package io.sl2a.tasks.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MarchingCubesTest {
    private static final int N = 48;
    /** Mesh units: grid coordinates halved, shifted to (1, 2, 3). */
    private static final GridFrame FRAME = new GridFrame(1, 2, 3, 0.5);

    @Test
    void sphereOfASignedDistanceField() {
        double r = 0.7;
        float[] field = sample((x, y, z) -> r - Math.sqrt(x * x + y * y + z * z));
        TriangleMesh mesh = MarchingCubes.extract(field, N, 0, FRAME);
        assertClosedAndOriented(mesh);
        double rMesh = r / FRAME.scale();
        assertEquals(4 * Math.PI * rMesh * rMesh, mesh.surfaceArea(), 0.01 * 4 * Math.PI * rMesh * rMesh);
        double volume = 4 / 3.0 * Math.PI * rMesh * rMesh * rMesh;
        assertEquals(volume, mesh.signedVolume(), 0.01 * volume);
        BoundingBox box = mesh.bounds();
        double[] centre = FRAME.toMesh(0.03, -0.02, 0.01);
        for (int axis = 0; axis < 3; axis++) {
            assertEquals(centre[axis], box.centre(axis), 0.01);
            assertEquals(2 * rMesh, box.size(axis), 0.02);
        }
    }

    @Test
    void cubeOfABoxDistanceField() {
        double half = 0.6;
        float[] field = sample((x, y, z) -> half - Math.max(Math.abs(x), Math.max(Math.abs(y), Math.abs(z))));
        TriangleMesh mesh = MarchingCubes.extract(field, N, 0, FRAME);
        assertClosedAndOriented(mesh);
        double a = 2 * half / FRAME.scale();
        // Marching cubes cuts the cube's edges and corners by up to a grid spacing.
        assertEquals(6 * a * a, mesh.surfaceArea(), 0.03 * 6 * a * a);
        assertEquals(a * a * a, mesh.signedVolume(), 0.01 * a * a * a);
    }

    @Test
    void shapeTouchingTheBorderIsClosedByThePadding() {
        float[] field = new float[N * N * N];
        Arrays.fill(field, 1);
        TriangleMesh mesh = MarchingCubes.extract(field, N, 0.5f, new GridFrame(0, 0, 0, 1));
        assertClosedAndOriented(mesh);
        double side = 2 + GridFrame.spacing(N);
        assertEquals(side / 2, mesh.bounds().maxX(), 1e-6);
        assertEquals(side * side * side, mesh.signedVolume(), 0.01 * side * side * side);
    }

    @Test
    void everyCornerPatternGivesAClosedOrientedSurface() {
        // A 2x2x2 grid is one cube plus the padding, so this exercises all 256 table entries and
        // the padded cubes around them.
        for (int pattern = 1; pattern < 256; pattern++) {
            float[] field = new float[8];
            for (int c = 0; c < 8; c++) {
                field[c] = (pattern >> c & 1) != 0 ? 1 : -1;
            }
            TriangleMesh mesh = MarchingCubes.extract(field, 2, 0, new GridFrame(0, 0, 0, 1));
            assertClosedAndOriented(mesh);
        }
    }

    @Test
    void randomFieldIsStillWatertight() {
        Random random = new Random(7);
        int n = 14;
        float[] field = new float[n * n * n];
        for (int p = 0; p < field.length; p++) {
            field[p] = random.nextFloat() - 0.5f;
        }
        TriangleMesh mesh = MarchingCubes.extract(field, n, 0, new GridFrame(0, 0, 0, 1));
        assertTrue(mesh.triangleCount() > 1000);
        assertClosedAndOriented(mesh);
    }

    @Test
    void verticesAreSharedNotRepeated() {
        float[] field = sample((x, y, z) -> 0.5 - Math.sqrt(x * x + y * y + z * z), 24);
        TriangleMesh mesh = MarchingCubes.extract(field, 24, 0, FRAME);
        Set<String> positions = new HashSet<>();
        for (int v = 0; v < mesh.vertexCount(); v++) {
            positions.add(mesh.vertex(v, 0) + "," + mesh.vertex(v, 1) + "," + mesh.vertex(v, 2));
        }
        assertEquals(mesh.vertexCount(), positions.size());
    }

    @Test
    void fieldOutsideEverywhereGivesNoTriangles() {
        float[] field = new float[27];
        Arrays.fill(field, -1);
        field[13] = Float.NaN; // NaN counts as outside
        assertEquals(0, MarchingCubes.extract(field, 3, 0, FRAME).triangleCount());
    }

    @Test
    void voxelisedSphereComesBackAsASurface() {
        TriangleMesh sphere = TestMeshes.sphere(2, 4, 0, 0, 0);
        VoxelGrid grid = Voxeliser.voxelise(sphere, 40, Voxeliser.SILENT);
        TriangleMesh surface = MarchingCubes.extract(grid.indicator(), 40, 0.5f, grid.frame());
        assertClosedAndOriented(surface);
        assertEquals(sphere.signedVolume(), surface.signedVolume(), 0.02 * sphere.signedVolume());
    }

    /**
     * Closed, and every directed edge used exactly once with its reverse used once too: the
     * triangles agree on one orientation, and the enclosed volume is positive (normals outwards).
     */
    private static void assertClosedAndOriented(TriangleMesh mesh) {
        assertTrue(mesh.isClosed(), "not closed: " + mesh.boundaryEdgeCount() + " boundary, "
                + mesh.nonManifoldEdgeCount() + " non-manifold edges");
        Set<Long> directed = new HashSet<>();
        for (int t = 0; t < mesh.triangleCount(); t++) {
            for (int c = 0; c < 3; c++) {
                long key = (long) mesh.corner(t, c) << 32 | mesh.corner(t, (c + 1) % 3);
                assertTrue(directed.add(key), "directed edge used twice: triangles disagree on orientation");
            }
        }
        assertTrue(mesh.signedVolume() > 0, "volume " + mesh.signedVolume());
    }

    private interface Field {
        double at(double x, double y, double z);
    }

    /** The field on the N³ grid, centred a little off the origin so that nothing is symmetric. */
    private static float[] sample(Field f) {
        return sample(f, N);
    }

    private static float[] sample(Field f, int n) {
        float[] values = new float[n * n * n];
        for (int k = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    double x = GridFrame.gridCoordinate(i, n) - 0.03;
                    double y = GridFrame.gridCoordinate(j, n) + 0.02;
                    double z = GridFrame.gridCoordinate(k, n) - 0.01;
                    values[(k * n + j) * n + i] = (float) f.at(x, y, z);
                }
            }
        }
        return values;
    }
}
