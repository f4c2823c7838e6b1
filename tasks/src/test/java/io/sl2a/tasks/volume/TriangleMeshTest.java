package io.sl2a.tasks.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TriangleMeshTest {
    @Test
    void cubeHasItsAreaVolumeAndBox() {
        TriangleMesh cube = TestMeshes.cube(2);
        assertEquals(8, cube.vertexCount());
        assertEquals(12, cube.triangleCount());
        assertEquals(24, cube.surfaceArea(), 1e-9);
        assertEquals(8, cube.signedVolume(), 1e-9);
        assertTrue(cube.isClosed());
        assertEquals(new BoundingBox(-1, -1, -1, 1, 1, 1), cube.bounds());
    }

    @Test
    void reversedTrianglesGiveNegativeVolume() {
        assertEquals(-8, TestMeshes.reversed(TestMeshes.cube(2)).signedVolume(), 1e-9);
    }

    @Test
    void volumeDoesNotDependOnWhereTheMeshIs() {
        TriangleMesh near = TestMeshes.sphere(1, 4, 0, 0, 0);
        TriangleMesh far = TestMeshes.sphere(1, 4, 1000, -2000, 500);
        assertEquals(near.signedVolume(), far.signedVolume(), 1e-3 * near.signedVolume());
        // The polyhedron is inscribed in the sphere, so a little short of it.
        assertEquals(4 / 3.0 * Math.PI, near.signedVolume(), 0.01 * 4 / 3.0 * Math.PI);
        assertEquals(4 * Math.PI, near.surfaceArea(), 0.01 * 4 * Math.PI);
    }

    @Test
    void removedTrianglesLeaveBoundaryEdges() {
        TriangleMesh sphere = TestMeshes.sphere(1, 2, 0, 0, 0);
        assertTrue(sphere.isClosed());
        TriangleMesh holed = TestMeshes.without(sphere, 0);
        assertFalse(holed.isClosed());
        assertEquals(3, holed.boundaryEdgeCount());
        assertEquals(0, holed.nonManifoldEdgeCount());
    }

    @Test
    void anEdgeOfThreeTrianglesIsNonManifold() {
        float[] vertices = {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1};
        TriangleMesh fan = new TriangleMesh(vertices, new int[] {0, 1, 2, 1, 0, 3, 0, 1, 4});
        assertEquals(1, fan.nonManifoldEdgeCount());
        assertFalse(fan.isClosed());
    }

    @Test
    void degenerateTrianglesDoNotOpenAClosedMesh() {
        TriangleMesh cube = TestMeshes.cube(1);
        int[] triangles = java.util.Arrays.copyOf(cube.triangles(), 39);
        triangles[36] = 0;
        triangles[37] = 0;
        triangles[38] = 1;
        assertTrue(new TriangleMesh(cube.vertices(), triangles).isClosed());
    }

    @Test
    void unusedVerticesDoNotWidenTheBox() {
        TriangleMesh mesh = new TriangleMesh(new float[] {0, 0, 0, 1, 0, 0, 0, 1, 0, 50, 50, 50}, new int[] {0, 1, 2});
        assertEquals(new BoundingBox(0, 0, 0, 1, 1, 0), mesh.bounds());
    }

    @Test
    void refusesBadArrays() {
        assertThrows(IllegalArgumentException.class, () -> new TriangleMesh(new float[4], new int[0]));
        assertThrows(IllegalArgumentException.class, () -> new TriangleMesh(new float[9], new int[] {0, 1, 3}));
        assertThrows(IllegalArgumentException.class, () -> new TriangleMesh(new float[9], new int[] {0, 1}));
    }
}
