package io.sl2a.tasks.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeshPreviewTest {
    private static final int PANEL = 120;

    @TempDir
    Path dir;

    @Test
    void drawsEachMeshInItsPanel() throws IOException {
        Path png = dir.resolve("preview.png");
        TriangleMesh sphere = TestMeshes.sphere(1, 3, 0, 0, 0);
        TriangleMesh cube = TestMeshes.cube(1.2);
        MeshPreview.write(List.of(sphere, cube, sphere), List.of("sphere", "cube", "again"), "IoU 0.912", PANEL, png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(3 * PANEL, image.getWidth());
        assertEquals(MeshPreview.TITLE_HEIGHT + PANEL, image.getHeight());
        int background = image.getRGB(PANEL / 2, MeshPreview.TITLE_HEIGHT + PANEL - 2);
        for (int panel = 0; panel < 3; panel++) {
            int shaded = 0;
            for (int y = MeshPreview.TITLE_HEIGHT + 25; y < image.getHeight(); y++) {
                for (int x = panel * PANEL + 2; x < (panel + 1) * PANEL - 2; x++) {
                    if (image.getRGB(x, y) != background) {
                        shaded++;
                    }
                }
            }
            assertTrue(shaded > PANEL * PANEL / 10, "panel " + panel + " has only " + shaded + " drawn pixels");
        }
        // One camera for all panels: the same mesh gives the same pixels (below the labels).
        for (int y = MeshPreview.TITLE_HEIGHT + 25; y < image.getHeight(); y++) {
            for (int x = 2; x < PANEL - 2; x++) {
                assertEquals(image.getRGB(x, y), image.getRGB(x + 2 * PANEL, y), "pixel " + x + ", " + y);
            }
        }
    }

    @Test
    void framingFitsTheUnionOfTheMeshes() throws IOException {
        Path png = dir.resolve("apart.png");
        TriangleMesh small = TestMeshes.sphere(0.2, 2, 0, 0, 0);
        TriangleMesh big = TestMeshes.sphere(2, 2, 0, 0, 0);
        MeshPreview.write(List.of(small, big), List.of("small", "big"), "scale", PANEL, png);
        BufferedImage image = ImageIO.read(png.toFile());
        int background = image.getRGB(2, image.getHeight() - 2);
        assertTrue(drawn(image, 0, background) * 20 < drawn(image, 1, background),
                "the small sphere should look small beside the big one");
    }

    @Test
    void refusesMismatchedLabels() {
        List<TriangleMesh> one = List.of(TestMeshes.cube(1));
        assertThrows(IllegalArgumentException.class,
                () -> MeshPreview.write(one, List.of("a", "b"), "t", dir.resolve("x.png")));
        assertThrows(IllegalArgumentException.class,
                () -> MeshPreview.write(List.of(), List.of(), "t", dir.resolve("x.png")));
    }

    private static int drawn(BufferedImage image, int panel, int background) {
        int count = 0;
        for (int y = MeshPreview.TITLE_HEIGHT + 25; y < image.getHeight(); y++) {
            for (int x = panel * PANEL + 2; x < (panel + 1) * PANEL - 2; x++) {
                if (image.getRGB(x, y) != background) {
                    count++;
                }
            }
        }
        return count;
    }
}
