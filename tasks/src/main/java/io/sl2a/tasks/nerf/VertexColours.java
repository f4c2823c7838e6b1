package io.sl2a.tasks.nerf;

import io.sl2a.tasks.volume.TriangleMesh;

/**
 * Deterministic colours for a mesh that has none (the project's mesh readers keep geometry only), made
 * from each vertex's position so that the scene has both smooth and fine detail for a NeRF to learn:
 * the hue turns once around the vertical (z) axis, and the brightness alternates in horizontal bands.
 */
public final class VertexColours {
    /** Bands per unit of height: 12 over the unit sphere's height of 2, each a few triangles wide on the bunny. */
    static final double BANDS_PER_UNIT = 6;
    static final double SATURATION = 0.65;

    private VertexColours() {
    }

    /**
     * HSV colours: hue = the angle of (x, y) around the z axis, saturation {@value #SATURATION}, value
     * 0.95 in the light bands and 0.55 in the dark ones; best on a mesh from {@link ColouredMesh#fitUnitSphere}.
     */
    public static ColouredMesh banded(TriangleMesh mesh) {
        float[] colours = new float[3 * mesh.vertexCount()];
        float[] rgb = new float[3];
        for (int v = 0; v < mesh.vertexCount(); v++) {
            double hue = (Math.atan2(mesh.vertex(v, 1), mesh.vertex(v, 0)) / (2 * Math.PI) + 1) % 1;
            // floor keeps the bands the same width either side of z = 0.
            boolean light = Math.floorMod((long) Math.floor(mesh.vertex(v, 2) * BANDS_PER_UNIT), 2) == 0;
            hsvToRgb(hue, SATURATION, light ? 0.95 : 0.55, rgb);
            System.arraycopy(rgb, 0, colours, 3 * v, 3);
        }
        return new ColouredMesh(mesh, colours);
    }

    /** The usual hexcone conversion, hue in [0, 1). */
    static void hsvToRgb(double hue, double saturation, double value, float[] rgb) {
        double h = hue * 6;
        int sector = (int) Math.floor(h) % 6;
        double f = h - Math.floor(h);
        double p = value * (1 - saturation);
        double q = value * (1 - saturation * f);
        double t = value * (1 - saturation * (1 - f));
        double[] c = switch (sector) {
            case 0 -> new double[] {value, t, p};
            case 1 -> new double[] {q, value, p};
            case 2 -> new double[] {p, value, t};
            case 3 -> new double[] {p, q, value};
            case 4 -> new double[] {t, p, value};
            default -> new double[] {value, p, q};
        };
        for (int a = 0; a < 3; a++) {
            rgb[a] = (float) c[a];
        }
    }
}
