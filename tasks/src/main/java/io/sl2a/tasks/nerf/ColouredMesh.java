package io.sl2a.tasks.nerf;

import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.volume.BoundingBox;
import io.sl2a.tasks.volume.TriangleMesh;

/**
 * A triangle mesh with an RGB colour in [0, 1] at each vertex ({@code colours}: 3 floats a vertex,
 * in the mesh's vertex order), what {@link SceneRenderer} draws.
 */
public record ColouredMesh(TriangleMesh mesh, float[] colours) {
    public ColouredMesh {
        if (colours.length != 3 * mesh.vertexCount()) {
            throw new IllegalArgumentException("expected " + 3 * mesh.vertexCount() + " colour values for "
                    + mesh.vertexCount() + " vertices, got " + colours.length);
        }
    }

    /**
     * The mesh turned so that its {@code upAxis} (0 = x, 1 = y, 2 = z) points along +z, the Blender
     * scenes' up, then centred on its bounding box's centre and scaled so that its farthest vertex
     * lies on the unit sphere: every scene made from it fits the same cameras.
     *
     * @throws UserInputException if the mesh has no extent (all its vertices at one point)
     */
    public static TriangleMesh fitUnitSphere(TriangleMesh mesh, int upAxis) {
        if (upAxis < 0 || upAxis > 2) {
            throw new IllegalArgumentException("the up axis must be 0, 1 or 2, got " + upAxis);
        }
        BoundingBox box = mesh.bounds();
        float[] v = mesh.vertices();
        double farthest = 0;
        for (int i = 0; i < v.length; i += 3) {
            double dx = v[i] - box.centre(0);
            double dy = v[i + 1] - box.centre(1);
            double dz = v[i + 2] - box.centre(2);
            farthest = Math.max(farthest, Math.sqrt(dx * dx + dy * dy + dz * dz));
        }
        if (!(farthest > 0)) {
            throw new UserInputException("the mesh has no extent: all its vertices lie at one point");
        }
        float[] fitted = new float[v.length];
        for (int i = 0; i < v.length; i += 3) {
            double x = (v[i] - box.centre(0)) / farthest;
            double y = (v[i + 1] - box.centre(1)) / farthest;
            double z = (v[i + 2] - box.centre(2)) / farthest;
            // Proper rotations (no mirroring), so that the triangles keep their winding.
            double[] turned = switch (upAxis) {
                case 0 -> new double[] {-z, y, x}; // about y: +x to +z
                case 1 -> new double[] {x, -z, y}; // about x: +y to +z
                default -> new double[] {x, y, z};
            };
            for (int a = 0; a < 3; a++) {
                fitted[i + a] = (float) turned[a];
            }
        }
        return new TriangleMesh(fitted, mesh.triangles());
    }
}
