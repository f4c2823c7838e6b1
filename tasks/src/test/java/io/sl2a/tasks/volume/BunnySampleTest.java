package io.sl2a.tasks.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Stanford bunny from samples/ (tests run in the module directory). */
class BunnySampleTest {
    @Test
    void bunnyIsClosedAndVoxelisesPlausibly() {
        TriangleMesh bunny = MeshReader.read(Path.of("../samples/bunny.off"));
        assertEquals(37706, bunny.vertexCount());
        assertEquals(75408, bunny.triangleCount());
        // CGAL's copy of the bunny has its holes filled: no boundary, no non-manifold edges.
        assertTrue(bunny.isClosed(), bunny.boundaryEdgeCount() + " boundary edges");
        assertTrue(bunny.signedVolume() > 0);

        VoxelGrid grid = Voxeliser.voxelise(bunny, 32, Voxeliser.SILENT);
        double fraction = grid.insideFraction();
        assertTrue(fraction > 0.05 && fraction < 0.6, "inside fraction " + fraction);
        assertEquals(0, grid.disputedCount(), "a closed mesh: the three axes should agree");
        assertEquals(bunny.signedVolume(), grid.volume(), 0.03 * bunny.signedVolume());
    }
}
