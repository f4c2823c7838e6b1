package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.nn.models.MlpShape;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.nn.models.ReluConfig;
import io.sl2a.tasks.occupancy.OccupancyCheckpoint;
import io.sl2a.tasks.volume.GridFrame;
import io.sl2a.tasks.volume.MeshReader;
import io.sl2a.tasks.volume.TriangleMesh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sl2a mesh} on a model whose field is known in closed form: a one-unit ReLU network that is
 * linear on the whole grid, f = x + 0.5 y - 0.2 (grid coordinates), so the surface f = 0.5 is the
 * plane x + 0.5 y = 0.7. Marching cubes interpolates linearly along cell edges, which is exact for a
 * linear field: every vertex inside the grid lies on the plane, in the checkpoint's frame (mesh
 * units), and the plane spans the grid (the half-space is closed by a cap beyond the border).
 */
class MeshCommandValuesTest {
    @TempDir
    Path temp;

    @Test
    void theMeshOfALinearFieldIsItsPlaneInTheMeshsUnits() throws Exception {
        ReluConfig config = new ReluConfig(new MlpShape(3, 1, 1, 0));
        // h = relu(x + 0.5 y + 5) = x + 0.5 y + 5 on [-1, 1]^3; f = h - 5.2
        Map<String, float[]> parameters = Map.of(
                "net.0.linear.weight", new float[] {1f, 0.5f, 0f},
                "net.0.linear.bias", new float[] {5f},
                "net.1.weight", new float[] {1f},
                "net.1.bias", new float[] {-5.2f});
        assertEquals(config.graph().initialParameters(0).keySet(), parameters.keySet());
        GridFrame frame = new GridFrame(1, 2, 3, 0.5);
        Path checkpoint = temp.resolve("plane.safetensors");
        Files.write(checkpoint, new OccupancyCheckpoint(new ModelCheckpoint(config, parameters), frame).toBytes());

        Path out = temp.resolve("plane.ply");
        CliRun run = CliRun.of("mesh", checkpoint, "--resolution", 17, "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        TriangleMesh mesh = MeshReader.read(out);
        assertTrue(mesh.triangleCount() > 2 * 16, "the plane crosses the grid: " + mesh.triangleCount());
        double lowestZ = Double.MAX_VALUE;
        double highestZ = -Double.MAX_VALUE;
        int onPlane = 0;
        for (int v = 0; v < mesh.vertexCount(); v++) {
            double[] grid = frame.toGrid(mesh.vertices()[3 * v], mesh.vertices()[3 * v + 1], mesh.vertices()[3 * v + 2]);
            if (Math.abs(grid[0]) > 1 + 1e-6 || Math.abs(grid[1]) > 1 + 1e-6 || Math.abs(grid[2]) > 1 + 1e-6) {
                continue; // the cap that closes the half-space half a spacing beyond the grid
            }
            assertEquals(0.7, grid[0] + 0.5 * grid[1], 1e-4, "vertex " + v + " off the plane");
            lowestZ = Math.min(lowestZ, grid[2]);
            highestZ = Math.max(highestZ, grid[2]);
            onPlane++;
        }
        // the plane cuts hundreds of the grid's edges, in every one of its 17 z layers
        assertTrue(onPlane >= 17 * 17, "vertices on the plane: " + onPlane);
        assertEquals(-1, lowestZ, 1e-4, "the plane spans the grid along z, in the frame's units");
        assertEquals(1, highestZ, 1e-4);
    }
}
