package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.tasks.occupancy.OccupancyCheckpoint;
import io.sl2a.tasks.occupancy.OccupancyFit;
import io.sl2a.tasks.volume.MeshReader;
import io.sl2a.tasks.volume.VoxelGrid;
import io.sl2a.tasks.volume.Voxeliser;
import io.sl2a.tasks.volume.OffWriter;
import io.sl2a.tasks.volume.TriangleMesh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sl2a occupancy} and {@code sl2a mesh}: outputs, the voxel cache, meshes in the input's units, bad input. */
class OccupancyCommandTest {
    @TempDir
    Path temp;

    /** A closed box from (1, 2, 3) to (3, 3, 4): off the origin and not a cube, so the frame matters. */
    private Path box() throws Exception {
        float[] v = {1, 2, 3, 3, 2, 3, 3, 3, 3, 1, 3, 3, 1, 2, 4, 3, 2, 4, 3, 3, 4, 1, 3, 4};
        int[] t = {0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4, 2, 3, 7, 2, 7, 6, 1, 2, 6, 1, 6, 5, 0, 4, 7, 0, 7, 3};
        Path file = temp.resolve("box.off");
        OffWriter.write(new TriangleMesh(v, t), file);
        return file;
    }

    @Test
    void fitsAMeshAndWritesMeshesInItsUnitsAPreviewAndMetrics() throws Exception {
        Path mesh = box();
        Path out = temp.resolve("occ");
        CliRun run = CliRun.of("occupancy", mesh, "--resolution", 16, "--epochs", 3, "--width", 16, "--layers", 1,
                "--degree", 8, "--batch", 1024, "--lr", 5e-3, "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        for (String file : new String[] {"mesh.ply", "gt.ply", "preview.png", "iou.png", "model.safetensors", "box.off.16.voxels"}) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertEquals(16, metrics.get("resolution").asInt());
        assertEquals(3, metrics.get("epochs").asInt());
        VoxelGrid voxels = Voxeliser.voxelise(MeshReader.read(mesh), 16, Voxeliser.SILENT);
        assertEquals(voxels.insideCount(), metrics.get("voxels_inside").asInt());
        assertEquals(voxels.insideCount() / 4096.0, metrics.get("inside_fraction").asDouble(), 1e-12);
        // The IoU is the saved model's, over the whole grid, after the last epoch.
        OccupancyCheckpoint saved = OccupancyCheckpoint.load(out.resolve("model.safetensors"));
        float[] field;
        try (CpuBackend backend = new CpuBackend(1, CpuBackend.GemmChoice.JAVA);
                DeviceNetwork network = DeviceNetwork.create(backend, saved.model().config().graph(), 4096,
                        AdamSettings.PYTORCH, 0)) {
            network.setParameters(saved.model().parameters());
            field = OccupancyFit.predict(network, 16);
        }
        double iou = OccupancyFit.iou(field, voxels.occupancy());
        assertEquals(iou, metrics.get("iou").asDouble(), 1e-3);
        assertEquals(3, metrics.get("iou_per_epoch").size(), "every epoch when --epochs is under 10");
        for (int e = 0; e < 3; e++) {
            assertEquals(e + 1, metrics.get("iou_per_epoch").get(e).get("epoch").asInt());
        }
        assertEquals(metrics.get("iou").asDouble(), metrics.get("iou_per_epoch").get(2).get("iou").asDouble(), 0.0);
        assertTrue(metrics.get("samples_per_second").asDouble() > 0);
        TriangleMesh truth = MeshReader.read(out.resolve("gt.ply"));
        assertTrue(truth.isClosed());
        // In the box's own units: within a voxel of its corners.
        assertEquals(1, truth.bounds().min(0), 0.2);
        assertEquals(3, truth.bounds().max(0), 0.2);
        assertEquals(4, truth.bounds().max(2), 0.2);
        assertTrue(run.stderr().contains("IoU"), run.stderr());

        CliRun again = CliRun.of("occupancy", mesh, "--resolution", 16, "--epochs", 1, "--width", 16, "--layers", 1,
                "--degree", 8, "--out", out);
        assertEquals(0, again.exitCode(), again.stderr());
        assertTrue(again.stderr().contains("from the cache"), again.stderr());

        Path extracted = temp.resolve("fine.ply");
        CliRun meshRun = CliRun.of("mesh", out.resolve("model.safetensors"), "--resolution", 24, "--out", extracted);
        assertEquals(0, meshRun.exitCode(), meshRun.stderr());
        assertTrue(Files.size(extracted) > 0);
    }

    @Test
    void badInputIsOneLineAndWritesNothing() throws Exception {
        Path mesh = box();
        CliRun small = CliRun.of("occupancy", mesh, "--resolution", 7, "--out", temp.resolve("a"));
        assertEquals(Main.BAD_INPUT, small.exitCode());
        assertEquals(List.of("sl2a: --resolution must be from 8 to 812, got 7"), small.messageLines());
        CliRun huge = CliRun.of("occupancy", mesh, "--resolution", 800, "--out", temp.resolve("b"));
        assertEquals(Main.BAD_INPUT, huge.exitCode());
        assertEquals(1, huge.messageLines().size(), huge.stderr());
        assertTrue(huge.stderr().contains("memory"), huge.stderr());
        Path text = temp.resolve("notes.off");
        Files.writeString(text, "hello\nworld\n");
        CliRun notMesh = CliRun.of("occupancy", text, "--resolution", 16, "--out", temp.resolve("c"));
        assertEquals(Main.BAD_INPUT, notMesh.exitCode());
        assertEquals(1, notMesh.messageLines().size(), notMesh.stderr());
        Path empty = temp.resolve("empty.off");
        Files.writeString(empty, "OFF\n0 0 0\n");
        CliRun emptyRun = CliRun.of("occupancy", empty, "--resolution", 16, "--out", temp.resolve("d"));
        assertEquals(Main.BAD_INPUT, emptyRun.exitCode());
        assertEquals(1, emptyRun.messageLines().size(), emptyRun.stderr());
        for (String dir : new String[] {"a", "b", "c", "d"}) {
            assertFalse(Files.exists(temp.resolve(dir)), dir + " written");
        }
        Path image = TinyImages.colour(temp, 8, 8);
        Path ckpt = temp.resolve("fit");
        assertEquals(0, CliRun.of("fit", image, "--epochs", 1, "--width", 8, "--layers", 1, "--out", ckpt).exitCode());
        CliRun notOccupancy = CliRun.of("mesh", ckpt.resolve("model.safetensors"), "--out", temp.resolve("m.ply"));
        assertEquals(Main.BAD_INPUT, notOccupancy.exitCode());
        assertTrue(notOccupancy.messageLines().get(0).contains("is not an occupancy checkpoint"), notOccupancy.stderr());
        assertFalse(Files.exists(temp.resolve("m.ply")));
    }
}
