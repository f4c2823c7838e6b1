package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.tasks.nerf.NerfDataset;
import io.sl2a.tasks.volume.OffWriter;
import io.sl2a.tasks.volume.TriangleMesh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sl2a nerf-scene}: the Blender layout end to end at a tiny size, and bad input in one line. */
class NerfSceneCommandTest {
    @TempDir
    Path temp;

    /** A closed octahedron off the origin and not unit-sized: the command fits it into the unit sphere. */
    private Path octahedron() throws Exception {
        float[] v = {6, 3, 2, 2, 3, 2, 4, 5, 2, 4, 1, 2, 4, 3, 4, 4, 3, 0};
        int[] t = {0, 2, 4, 2, 1, 4, 1, 3, 4, 3, 0, 4, 2, 0, 5, 1, 2, 5, 3, 1, 5, 0, 3, 5};
        Path file = temp.resolve("octahedron.off");
        OffWriter.write(new TriangleMesh(v, t), file);
        return file;
    }

    @Test
    void writesTheBlenderLayoutThatTheLoaderReads() throws Exception {
        Path out = temp.resolve("scene");
        CliRun run = CliRun.of("nerf-scene", octahedron(), "--out", out, "--size", 16, "--train", 3, "--val", 2,
                "--test", 4, "--supersample", 2);
        assertEquals(0, run.exitCode(), run.stderr());
        for (String split : new String[] {"train", "val", "test"}) {
            JsonNode root = new ObjectMapper().readTree(out.resolve("transforms_" + split + ".json").toFile());
            assertEquals(0.6911112070083618, root.get("camera_angle_x").asDouble());
            assertEquals("./" + split + "/r_0", root.get("frames").get(0).get("file_path").asText());
            assertEquals(4, root.get("frames").get(0).get("transform_matrix").size());
        }
        NerfDataset train = NerfDataset.load(out, "train", 1, 1);
        assertEquals(3, train.views().size());
        assertEquals(16, train.views().get(0).image().width());
        double[] position = train.views().get(0).camera().position();
        double distance = Math.sqrt(position[0] * position[0] + position[1] * position[1] + position[2] * position[2]);
        assertEquals(4.0311, distance, 1e-9);
        assertTrue(position[2] >= 0, "on the upper hemisphere");
        // Composited on white: the corners are background, the centre (where the origin projects) is the mesh.
        float[] pixels = train.views().get(0).image().pixels();
        assertEquals(1, pixels[0], 0);
        double centre = pixels[3 * (8 * 16 + 8)] + pixels[3 * (8 * 16 + 8) + 1] + pixels[3 * (8 * 16 + 8) + 2];
        assertTrue(centre < 2.9, "the mesh is drawn at the centre: " + centre);
        assertEquals(4, NerfDataset.load(out, "test", 1, 2).views().size());
        assertEquals(8, NerfDataset.load(out, "test", 1, 2).views().get(0).image().width());
        assertTrue(Files.exists(out.resolve("val/r_1.png")));
        assertTrue(run.stderr().contains("9 views"), run.stderr());
    }

    @Test
    void badInputIsOneLine() throws Exception {
        Path mesh = octahedron();
        Path out = temp.resolve("x");
        assertOneLine(CliRun.of("nerf-scene", mesh, "--out", out, "--size", 4), "sl2a: --size must be from 8 to 4096, got 4");
        assertOneLine(CliRun.of("nerf-scene", mesh, "--out", out, "--train", 0), "sl2a: --train must be from 1 to 100000, got 0");
        assertOneLine(CliRun.of("nerf-scene", mesh, "--out", out, "--supersample", 9),
                "sl2a: --supersample must be from 1 to 4, got 9");
        assertOneLine(CliRun.of("nerf-scene", mesh, "--out", out, "--up", "w"), "sl2a: --up must be x, y or z, got w");
        CliRun missing = CliRun.of("nerf-scene", temp.resolve("none.off"), "--out", out);
        assertEquals(Main.BAD_INPUT, missing.exitCode());
        assertEquals(1, missing.messageLines().size(), missing.stderr());
        assertTrue(missing.stderr().contains("none.off: no such file"), missing.stderr());
        Path flat = temp.resolve("point.off");
        OffWriter.write(new TriangleMesh(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, new int[] {0, 1, 2}), flat);
        assertOneLine(CliRun.of("nerf-scene", flat, "--out", out, "--size", 8),
                "sl2a: the mesh has no extent: all its vertices lie at one point");
        Files.writeString(temp.resolve("file"), "");
        CliRun notDir = CliRun.of("nerf-scene", mesh, "--out", temp.resolve("file"), "--size", 8);
        assertEquals(Main.BAD_INPUT, notDir.exitCode());
        assertEquals(List.of("sl2a: output directory " + temp.resolve("file") + " is not a directory"),
                notDir.messageLines());
    }

    private static void assertOneLine(CliRun run, String message) {
        assertEquals(Main.BAD_INPUT, run.exitCode(), run.stderr());
        assertEquals(List.of(message), run.messageLines());
        assertEquals(1, run.stderr().lines().count(), run.stderr());
    }
}
