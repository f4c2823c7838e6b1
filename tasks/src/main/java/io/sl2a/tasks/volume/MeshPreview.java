package io.sl2a.tasks.volume;

import io.sl2a.tasks.io.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Pictures of meshes side by side, e.g. the ground truth's surface next to a model's, drawn by a
 * small software rasteriser (z-buffer, flat Lambert plus ambient shading, lit from both sides so
 * that a mesh with flipped normals still shows) and java.awt for the text.
 *
 * <p>Every panel uses the same camera: a three-quarter view from the front right and above, with
 * y up (as in the Stanford models and most OBJ files), framed on the bounding sphere of the union
 * of all the meshes' boxes, so two meshes of the same shape in the same units look aligned.
 * The picture is {@code meshes.size() * panel} pixels wide and {@code TITLE_HEIGHT + panel} high:
 * a title line on top, then the panels, each with its label in its top-left corner.
 */
public final class MeshPreview {
    /** The side of each panel in pixels when none is given. */
    public static final int PANEL = 400;
    /** The height of the title line above the panels, in pixels. */
    public static final int TITLE_HEIGHT = 30;

    private static final int SUPERSAMPLE = 2;
    private static final Color BACKGROUND = new Color(0xE6, 0xE6, 0xE6);
    private static final double[] BASE = {0.62, 0.70, 0.84};
    private static final double AMBIENT = 0.22;
    private static final double YAW = Math.toRadians(35);
    private static final double PITCH = Math.toRadians(22);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private MeshPreview() {
    }

    /** {@link #write(List, List, String, int, Path)} with {@link #PANEL}-pixel panels. */
    public static void write(List<TriangleMesh> meshes, List<String> labels, String title, Path png) throws IOException {
        write(meshes, labels, title, PANEL, png);
    }

    /**
     * Draws {@code meshes} left to right, each under its label, with {@code title} above them all,
     * and writes the PNG atomically.
     *
     * @throws IllegalArgumentException if there are no meshes, the labels do not match them one to
     *     one, or the panel is smaller than 32 pixels
     */
    public static void write(List<TriangleMesh> meshes, List<String> labels, String title, int panel, Path png)
            throws IOException {
        if (meshes.isEmpty() || meshes.size() != labels.size()) {
            throw new IllegalArgumentException("need one label per mesh and at least one mesh, got "
                    + meshes.size() + " meshes and " + labels.size() + " labels");
        }
        if (panel < 32) {
            throw new IllegalArgumentException("panel side " + panel + " is under 32 pixels");
        }
        Camera camera = Camera.framing(meshes);
        BufferedImage canvas = new BufferedImage(meshes.size() * panel, TITLE_HEIGHT + panel, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas.createGraphics();
        g.setColor(BACKGROUND);
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        for (int m = 0; m < meshes.size(); m++) {
            int[] pixels = render(meshes.get(m), camera, panel);
            canvas.setRGB(m * panel, TITLE_HEIGHT, panel, panel, pixels, 0, panel);
        }
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(0xB0, 0xB0, 0xB0));
        for (int m = 1; m < meshes.size(); m++) {
            g.drawLine(m * panel, TITLE_HEIGHT, m * panel, canvas.getHeight());
        }
        g.drawLine(0, TITLE_HEIGHT - 1, canvas.getWidth(), TITLE_HEIGHT - 1);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, 8, TITLE_HEIGHT - 9);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int m = 0; m < meshes.size(); m++) {
            String label = meshes.get(m).triangleCount() == 0 ? labels.get(m) + " (empty)" : labels.get(m);
            g.drawString(label, m * panel + 8, TITLE_HEIGHT + 18);
        }
        g.dispose();
        AtomicFiles.write(png, out -> ImageIO.write(canvas, "png", out));
    }

    /** The view shared by all panels: an orthographic camera around the meshes' common centre. */
    private record Camera(double[] centre, double[] right, double[] up, double[] forward, double radius) {
        static Camera framing(List<TriangleMesh> meshes) {
            BoundingBox box = null;
            for (TriangleMesh mesh : meshes) {
                if (mesh.triangleCount() > 0) {
                    box = box == null ? mesh.bounds() : box.union(mesh.bounds());
                }
            }
            if (box == null) {
                box = new BoundingBox(-1, -1, -1, 1, 1, 1);
            }
            double[] centre = {box.centre(0), box.centre(1), box.centre(2)};
            double radius = 0.5 * Math.sqrt(box.size(0) * box.size(0) + box.size(1) * box.size(1) + box.size(2) * box.size(2));
            // The eye is at centre + eye * distance, looking at the centre.
            double[] eye = {Math.sin(YAW) * Math.cos(PITCH), Math.sin(PITCH), Math.cos(YAW) * Math.cos(PITCH)};
            double[] forward = {-eye[0], -eye[1], -eye[2]};
            double[] right = normalise(cross(forward, new double[] {0, 1, 0}));
            double[] up = cross(right, forward);
            return new Camera(centre, right, up, forward, radius > 0 ? radius : 1);
        }
    }

    /** One panel's pixels (ARGB, row by row), rendered at twice the size and averaged down. */
    private static int[] render(TriangleMesh mesh, Camera camera, int panel) {
        int size = panel * SUPERSAMPLE;
        float[] depth = new float[size * size];
        Arrays.fill(depth, Float.POSITIVE_INFINITY);
        int background = BACKGROUND.getRGB() & 0xFFFFFF;
        int[] colour = new int[size * size];
        Arrays.fill(colour, background);
        double scale = 0.44 * size / camera.radius();
        // A light from over the viewer's left shoulder.
        double[] light = normalise(new double[] {
            -0.45 * camera.right()[0] + 0.55 * camera.up()[0] - 0.7 * camera.forward()[0],
            -0.45 * camera.right()[1] + 0.55 * camera.up()[1] - 0.7 * camera.forward()[1],
            -0.45 * camera.right()[2] + 0.55 * camera.up()[2] - 0.7 * camera.forward()[2]});
        int vertexCount = mesh.vertexCount();
        double[] sx = new double[vertexCount];
        double[] sy = new double[vertexCount];
        double[] sz = new double[vertexCount];
        float[] v = mesh.vertexArray();
        for (int i = 0; i < vertexCount; i++) {
            double x = v[3 * i] - camera.centre()[0];
            double y = v[3 * i + 1] - camera.centre()[1];
            double z = v[3 * i + 2] - camera.centre()[2];
            sx[i] = size / 2.0 + scale * dot(x, y, z, camera.right());
            sy[i] = size / 2.0 - scale * dot(x, y, z, camera.up());
            sz[i] = dot(x, y, z, camera.forward());
        }
        int[] t = mesh.triangleArray();
        for (int f = 0; f < t.length; f += 3) {
            int a = t[f];
            int b = t[f + 1];
            int c = t[f + 2];
            double[] normal = normalise(faceNormal(v, a, b, c));
            double lambert = Math.abs(normal[0] * light[0] + normal[1] * light[1] + normal[2] * light[2]);
            double shade = AMBIENT + (1 - AMBIENT) * lambert;
            int rgb = rgb(BASE[0] * shade, BASE[1] * shade, BASE[2] * shade);
            fill(sx, sy, sz, a, b, c, size, depth, colour, rgb);
        }
        return downsample(colour, size, panel);
    }

    /** Rasterises one triangle into the buffers, keeping the nearest surface at each pixel centre. */
    private static void fill(double[] sx, double[] sy, double[] sz, int a, int b, int c, int size, float[] depth,
            int[] colour, int rgb) {
        double area = (sx[b] - sx[a]) * (sy[c] - sy[a]) - (sy[b] - sy[a]) * (sx[c] - sx[a]);
        if (area == 0 || Double.isNaN(area)) {
            return;
        }
        int x0 = Math.max(0, (int) Math.floor(Math.min(sx[a], Math.min(sx[b], sx[c]))));
        int x1 = Math.min(size - 1, (int) Math.ceil(Math.max(sx[a], Math.max(sx[b], sx[c]))));
        int y0 = Math.max(0, (int) Math.floor(Math.min(sy[a], Math.min(sy[b], sy[c]))));
        int y1 = Math.min(size - 1, (int) Math.ceil(Math.max(sy[a], Math.max(sy[b], sy[c]))));
        for (int y = y0; y <= y1; y++) {
            double py = y + 0.5;
            for (int x = x0; x <= x1; x++) {
                double px = x + 0.5;
                double wa = ((sx[c] - sx[b]) * (py - sy[b]) - (sy[c] - sy[b]) * (px - sx[b])) / area;
                double wb = ((sx[a] - sx[c]) * (py - sy[c]) - (sy[a] - sy[c]) * (px - sx[c])) / area;
                double wc = 1 - wa - wb;
                if (wa < 0 || wb < 0 || wc < 0) {
                    continue;
                }
                float z = (float) (wa * sz[a] + wb * sz[b] + wc * sz[c]);
                int p = y * size + x;
                if (z < depth[p]) {
                    depth[p] = z;
                    colour[p] = rgb;
                }
            }
        }
    }

    /** Averages each SUPERSAMPLE×SUPERSAMPLE block: cheap anti-aliasing of the silhouettes. */
    private static int[] downsample(int[] colour, int size, int panel) {
        int[] out = new int[panel * panel];
        int samples = SUPERSAMPLE * SUPERSAMPLE;
        for (int y = 0; y < panel; y++) {
            for (int x = 0; x < panel; x++) {
                int r = 0;
                int g = 0;
                int b = 0;
                for (int dy = 0; dy < SUPERSAMPLE; dy++) {
                    for (int dx = 0; dx < SUPERSAMPLE; dx++) {
                        int rgb = colour[(y * SUPERSAMPLE + dy) * size + x * SUPERSAMPLE + dx];
                        r += rgb >> 16 & 0xFF;
                        g += rgb >> 8 & 0xFF;
                        b += rgb & 0xFF;
                    }
                }
                out[y * panel + x] = 0xFF000000 | (r / samples) << 16 | (g / samples) << 8 | b / samples;
            }
        }
        return out;
    }

    private static double[] faceNormal(float[] v, int a, int b, int c) {
        double ux = v[3 * b] - v[3 * a], uy = v[3 * b + 1] - v[3 * a + 1], uz = v[3 * b + 2] - v[3 * a + 2];
        double wx = v[3 * c] - v[3 * a], wy = v[3 * c + 1] - v[3 * a + 1], wz = v[3 * c + 2] - v[3 * a + 2];
        return new double[] {uy * wz - uz * wy, uz * wx - ux * wz, ux * wy - uy * wx};
    }

    private static int rgb(double r, double g, double b) {
        return channel(r) << 16 | channel(g) << 8 | channel(b);
    }

    private static int channel(double value) {
        return (int) Math.round(255 * Math.clamp(value, 0, 1));
    }

    private static double dot(double x, double y, double z, double[] axis) {
        return x * axis[0] + y * axis[1] + z * axis[2];
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double[] normalise(double[] a) {
        double length = Math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        return length > 0 ? new double[] {a[0] / length, a[1] / length, a[2] / length} : new double[] {0, 0, 1};
    }
}
