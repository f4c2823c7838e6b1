package io.sl2a.tasks.nerf;

import io.sl2a.nn.checkpoint.Safetensors;
import io.sl2a.nn.checkpoint.TensorData;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.nn.models.MlpShape;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.models.NerfFieldConfig;
import io.sl2a.nn.models.ReluConfig;
import io.sl2a.nn.models.ReluPeConfig;
import io.sl2a.nn.train.TrainingState;
import io.sl2a.tasks.fit.TrainingStateFile;
import io.sl2a.tasks.occupancy.OccupancyCheckpoint;
import io.sl2a.tasks.volume.GridFrame;
import io.sl2a.tasks.volume.MeshReader;
import io.sl2a.tasks.volume.ObjWriter;
import io.sl2a.tasks.volume.OffWriter;
import io.sl2a.tasks.volume.PlyWriter;
import io.sl2a.tasks.volume.TriangleMesh;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Writes the fuzz targets' seed inputs into {@code tasks/src/test/resources/.../<Target>Inputs/<method>/}
 * (where Jazzer replays them as regression tests and starts fuzzing from them): copies of the shipped
 * samples and test resources where they are small, small files cut from them or written by the
 * project's own writers otherwise. Not a test; run once from the repository root with
 * {@code java -cp <tasks test class path> io.sl2a.tasks.nerf.FuzzSeeds} after changing a format.
 */
public final class FuzzSeeds {
    static final Path RESOURCES = Path.of("tasks/src/test/resources/io/sl2a/tasks");

    private FuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        images();
        npy();
        masks();
        meshes();
        nerf();
        checkpoints();
        cliFiles();
    }

    private static Path dir(String pkg, String target, String method) throws IOException {
        return Files.createDirectories(RESOURCES.resolve(pkg).resolve(target + "Inputs").resolve(method));
    }

    private static void copy(Path from, Path dir, String name) throws IOException {
        Files.write(dir.resolve(name), Files.readAllBytes(from));
    }

    private static void images() throws IOException {
        Path dir = dir("image", "ImageFuzzTargets", "image");
        copy(Path.of("samples/phantom.png"), dir, "phantom-16bit-grey.png");
        copy(Path.of("tasks/src/test/resources/ssim/grey_a.png"), dir, "ssim-grey.png");
        copy(Path.of("tasks/src/test/resources/ssim/narrow_a.png"), dir, "ssim-narrow.png");
        copy(Path.of("tasks/src/test/resources/legacy-checkpoints/relu-pe.png"), dir, "legacy-relu-pe.png");
        copy(Path.of("samples/nerf-bunny/val/r_0.png"), dir, "nerf-rgba.png");
        BufferedImage chelsea = crop(Path.of("samples/chelsea.png"), 100, 50, 16, 12, BufferedImage.TYPE_INT_RGB);
        Files.write(dir.resolve("chelsea-crop.jpg"), encode(chelsea, "jpeg"));
        Files.write(dir.resolve("chelsea-crop.png"), encode(chelsea, "png"));
        BufferedImage camera = crop(Path.of("samples/camera.png"), 100, 60, 12, 12, BufferedImage.TYPE_BYTE_GRAY);
        Files.write(dir.resolve("camera-crop-grey.jpg"), encode(camera, "jpeg"));
        BufferedImage ct = crop(Path.of("samples/ct_chest.png"), 40, 40, 10, 8, BufferedImage.TYPE_USHORT_GRAY);
        Files.write(dir.resolve("ct-crop-16bit.png"), encode(ct, "png"));
        BufferedImage palette = crop(Path.of("samples/rocket.png"), 150, 100, 10, 10, BufferedImage.TYPE_BYTE_INDEXED);
        Files.write(dir.resolve("rocket-crop-palette.png"), encode(palette, "png"));
        Path rgba = dir("nerf", "NerfFuzzTargets", "rgbaPng");
        for (String name : new String[] {"nerf-rgba.png", "chelsea-crop.png", "camera-crop-grey.jpg", "rocket-crop-palette.png"}) {
            copy(dir.resolve(name), rgba, name);
        }
    }

    private static BufferedImage crop(Path file, int x, int y, int w, int h, int type) throws IOException {
        BufferedImage source = ImageIO.read(file.toFile());
        BufferedImage out = new BufferedImage(w, h, type);
        out.getGraphics().drawImage(source.getSubimage(x, y, w, h), 0, 0, null);
        return out;
    }

    private static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, bytes)) {
            throw new IOException("no " + format + " writer for " + image);
        }
        return bytes.toByteArray();
    }

    private static void npy() throws IOException {
        Path dir = dir("image", "ImageFuzzTargets", "npy");
        Files.write(dir.resolve("f4.npy"), npy(1, "<f4", "(3, 4)", 12, 4, ByteOrder.LITTLE_ENDIAN));
        Files.write(dir.resolve("f8-big-endian.npy"), npy(1, ">f8", "(2, 3)", 6, 8, ByteOrder.BIG_ENDIAN));
        Files.write(dir.resolve("i2.npy"), npy(1, "<i2", "(2, 2)", 4, 2, ByteOrder.LITTLE_ENDIAN));
        Files.write(dir.resolve("u2-v2.npy"), npy(2, "<u2", "(4, 2)", 8, 2, ByteOrder.LITTLE_ENDIAN));
        Files.write(dir.resolve("u1-v3.npy"), npy(3, "|u1", "(2, 5)", 10, 1, ByteOrder.LITTLE_ENDIAN));
    }

    /** A .npy file as numpy.save writes it: magic, version, header padded to 64 bytes, values 0, 1, 2, ... */
    private static byte[] npy(int major, String descr, String shape, int count, int size, ByteOrder order) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int prefix = 6 + 2 + (major == 1 ? 2 : 4);
        int total = (prefix + dict.length() + 1 + 63) / 64 * 64;
        String header = dict + " ".repeat(total - prefix - dict.length() - 1) + "\n";
        ByteBuffer out = ByteBuffer.allocate(total + count * size).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            out.putShort((short) header.length());
        } else {
            out.putInt(header.length());
        }
        out.put(header.getBytes(StandardCharsets.ISO_8859_1));
        out.order(order);
        for (int i = 0; i < count; i++) {
            switch (descr.substring(1)) {
                case "f4" -> out.putFloat(i * 0.5f);
                case "f8" -> out.putDouble(i * 0.25);
                case "i2", "u2" -> out.putShort((short) (i * 100));
                default -> out.put((byte) (i * 20));
            }
        }
        return out.array();
    }

    private static void masks() throws IOException {
        Path dir = dir("inverse", "MaskFuzzTargets", "mask");
        BufferedImage half = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage colour = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        BufferedImage black = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_BINARY);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                half.getRaster().setSample(x, y, 0, x < 4 ? 255 : 0);
                colour.setRGB(x, y, (x + y) % 2 == 0 ? 0xFFFFFF : 0x102030);
            }
        }
        Files.write(dir.resolve("half-grey.png"), encode(half, "png"));
        Files.write(dir.resolve("checker-rgb.png"), encode(colour, "png"));
        Files.write(dir.resolve("all-black-1bit.png"), encode(black, "png"));
        Files.write(dir.resolve("checker.jpg"), encode(colour, "jpeg"));
    }

    private static void meshes() throws IOException {
        Path off = dir("volume", "MeshFuzzTargets", "off");
        Path ply = dir("volume", "MeshFuzzTargets", "ply");
        Path obj = dir("volume", "MeshFuzzTargets", "obj");
        TriangleMesh piece = bunnyPiece();
        Path temp = Files.createTempDirectory("fuzz-seeds");
        OffWriter.write(piece, temp.resolve("a.off"));
        PlyWriter.write(piece, temp.resolve("a.ply"));
        ObjWriter.write(piece, temp.resolve("a.obj"));
        copy(temp.resolve("a.off"), off, "bunny-piece.off");
        copy(temp.resolve("a.ply"), ply, "bunny-piece-binary.ply");
        copy(temp.resolve("a.obj"), obj, "bunny-piece.obj");
        String vertices = "0 0 0\n1 0 0\n0 1 0\n0 0 1\n";
        Files.writeString(off.resolve("tetrahedron-comments.off"), "# a tetrahedron\nOFF\n4 4 6\n" + vertices
                + "3 0 2 1\n3 0 1 3 # a comment\n3 0 3 2\n3 1 2 3\n");
        Files.writeString(off.resolve("coloured-quads.COFF"), "COFF 4 2 0\n0 0 0 255 0 0 255\n1 0 0 0 255 0 255\n"
                + "1 1 0 0 0 255 255\n0 1 0 9 9 9 255\n4 0 1 2 3 200 10 10\n3 0 2 3\n");
        Files.writeString(off.resolve("crlf-counts-first.off"), "3 1 0\r\n0 0 0\r\n1 0 0\r\n0 1 0\r\n3 0 1 2\r\n");
        Files.writeString(ply.resolve("ascii-with-normals.ply"), "ply\nformat ascii 1.0\ncomment made by hand\n"
                + "element vertex 4\nproperty float x\nproperty float y\nproperty float z\nproperty float nx\n"
                + "element face 2\nproperty list uchar int vertex_indices\nproperty uchar red\nelement edge 1\n"
                + "property int vertex1\nproperty int vertex2\nend_header\n0 0 0 1\n1 0 0 1\n1 1 0 1\n0 1 0 1\n"
                + "4 0 1 2 3 7\n3 0 2 3 8\n0 1\n");
        ByteBuffer big = ByteBuffer.allocate(3 * 3 * 8 + 1 + 3 * 2).order(ByteOrder.BIG_ENDIAN);
        for (double v : new double[] {0, 0, 0, 1, 0, 0, 0, 1, 0}) {
            big.putDouble(v);
        }
        big.put((byte) 3).putShort((short) 0).putShort((short) 1).putShort((short) 2);
        byte[] header = ("ply\nformat binary_big_endian 1.0\nelement vertex 3\nproperty double x\nproperty double y\n"
                + "property double z\nelement face 1\nproperty list uchar ushort vertex_index\nend_header\n")
                .getBytes(StandardCharsets.US_ASCII);
        Files.write(ply.resolve("big-endian-doubles.ply"), concat(header, big.array()));
        Files.writeString(obj.resolve("quads-slashes.obj"), "# cube side\nmtllib x.mtl\no side\nv 0 0 0\nv 1 0 0\n"
                + "v 1 1 0 1.0\nv 0 1 0 0.5 0.5 0.5\nvt 0 0\nvn 0 0 1\ng face\nusemtl m\nf 1/1/1 2/1/1 3//1 4\n"
                + "f -4 -2 -1\nl 1 2\n");
        Files.writeString(obj.resolve("forward-reference.obj"), "f 1 2 3\nv 0 0 0\nv 1 0 0\nv 0 1 0\n");
    }

    /** The shipped bunny's first 40 vertices and the faces among them (a piece of its surface). */
    private static TriangleMesh bunnyPiece() {
        TriangleMesh bunny = MeshReader.read(Path.of("samples/bunny.off"));
        int keep = 40;
        float[] vertices = new float[3 * keep];
        for (int v = 0; v < keep; v++) {
            for (int a = 0; a < 3; a++) {
                vertices[3 * v + a] = bunny.vertex(v, a);
            }
        }
        List<Integer> triangles = new ArrayList<>();
        for (int t = 0; t < bunny.triangleCount(); t++) {
            int a = bunny.corner(t, 0);
            int b = bunny.corner(t, 1);
            int c = bunny.corner(t, 2);
            if (a < keep && b < keep && c < keep) {
                triangles.add(a);
                triangles.add(b);
                triangles.add(c);
            }
        }
        if (triangles.isEmpty()) {
            triangles.addAll(List.of(0, 1, 2, 1, 2, 3));
        }
        return new TriangleMesh(vertices, triangles.stream().mapToInt(Integer::intValue).toArray());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void nerf() throws IOException {
        Path transforms = dir("nerf", "NerfFuzzTargets", "transforms");
        copy(Path.of("samples/nerf-bunny/transforms_val.json"), transforms, "bunny-val.json");
        copy(Path.of("samples/nerf-bunny/transforms_test.json"), transforms, "bunny-test.json");
        Path poses = dir("cli", "CliFilesFuzzTargets", "poses");
        copy(Path.of("samples/nerf-bunny/transforms_val.json"), poses, "bunny-val.json");
        Files.writeString(poses.resolve("one-camera.json"), "{\"camera_angle_x\": 0.5, \"transform_matrix\": "
                + "[[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 4.0], [0, 0, 0, 1]]}\n");

        NerfFieldConfig config = NerfFieldConfig.of(new ReluPeConfig(new MlpShape(3, 4, 6, 1), 2), 4, 4, 1);
        Map<String, float[]> parameters = zeros(config);
        NerfScene scene = new NerfScene(2.0, 6.0, 8, 1f, 0.6911112070083618, 8, 6, 4.0311, 0.5);
        float[] densities = new float[4 * 4 * 4];
        densities[21] = 3f;
        byte[] checkpoint = new NerfCheckpoint(new ModelCheckpoint(config, parameters), scene,
                OccupancyGrid.of(4, 1.5, densities)).toBytes();
        Files.write(dir("nerf", "NerfFuzzTargets", "checkpoint").resolve("tiny-field-with-grid.safetensors"), checkpoint);
        byte[] plain = new NerfCheckpoint(new ModelCheckpoint(config, parameters), scene, null).toBytes();
        Files.write(dir("nerf", "NerfFuzzTargets", "checkpoint").resolve("tiny-field.safetensors"), plain);

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("rays", "32");
        settings.put("samples", "8");
        settings.put("iterations", "10");
        settings.put("grid", "4");
        config.metadata().forEach((k, v) -> settings.put("field." + k, v));
        Path temp = Files.createTempDirectory("fuzz-seeds");
        new NerfRunState(parameters, zeros(config), 3, new double[] {10, 11, 12}, densities, settings).write(temp);
        copy(temp.resolve(NerfRunState.FILE), dir("nerf", "NerfFuzzTargets", "runState"), "three-iterations.safetensors");
    }

    private static Map<String, float[]> zeros(ModelConfig config) {
        Map<String, float[]> parameters = new LinkedHashMap<>();
        for (Parameter p : config.graph().parameters()) {
            float[] values = new float[p.shape().size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (i % 7) * 0.125f - 0.25f;
            }
            parameters.put(p.shape().name(), values);
        }
        return parameters;
    }

    private static void checkpoints() throws IOException {
        Path model = dir("fit", "CheckpointFuzzTargets", "model");
        try (var files = Files.list(Path.of("tasks/src/test/resources/legacy-checkpoints"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".safetensors")).sorted().toList()) {
                if (!file.getFileName().toString().startsWith("nerf")) {
                    copy(file, model, file.getFileName().toString());
                }
            }
        }
        // A plain state_dict without metadata (read as SL2A's, its configuration from the shapes).
        Safetensors.Contents sl2a = Safetensors.read(Path.of("tasks/src/test/resources/legacy-checkpoints/sl2a.safetensors"));
        Files.write(model.resolve("sl2a-without-metadata.safetensors"), Safetensors.serialize(f32(sl2a.tensors()), Map.of()));

        Path temp = Files.createTempDirectory("fuzz-seeds");
        TrainingStateFile.write(temp.resolve("state"), new TrainingStateFile.Saved(new TrainingState(2, 5, 13, 0.25, 1.5),
                new TrainingStateFile.Run(4, 64, 1e-3, 7, true, 8, 6, 3), new double[] {12.5, 14.25}, 3.0,
                Map.of("adam.m/w", new float[] {0.1f, -0.2f}, "adam.v/w", new float[] {0.01f, 0.04f}), null));
        copy(temp.resolve("state"), dir("fit", "CheckpointFuzzTargets", "trainingState"), "stopped-at-epoch-2.safetensors");

        ModelConfig relu = new ReluConfig(new MlpShape(3, 1, 4, 1));
        byte[] occupancy = new OccupancyCheckpoint(new ModelCheckpoint(relu, zeros(relu)),
                new GridFrame(0.1, -0.2, 0.3, 1.5)).toBytes();
        Files.write(dir("fit", "CheckpointFuzzTargets", "occupancy").resolve("tiny-relu.safetensors"), occupancy);
    }

    /** The tensors as F32 or I64, what {@link Safetensors#serialize} writes. */
    private static Map<String, TensorData> f32(Map<String, TensorData> tensors) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> out.put(name, t.isFloating() ? TensorData.f32(t.shape(), t.floats())
                : TensorData.i64(t.shape(), t.longs())));
        return out;
    }

    private static void cliFiles() throws IOException {
        Path dir = dir("cli", "CliFilesFuzzTargets", "modelConfig");
        String[] configs = {
            "{\"model\": \"sl2a\",  \"width\": 16, \"layers\": 2, \"degree\": 8, \"rank\": 4, \"no_modulation\": false}",
            "{\"model\": \"relu-pe\", \"width\": 8, \"layers\": 1, \"pe_freqs\": 3}",
            "{\"model\": \"siren\", \"width\": 8, \"layers\": 1, \"omega0\": 30, \"hidden_omega0\": 30.5}",
            "{\"model\": \"wire\",  \"width\": 6, \"layers\": 2, \"omega0\": 30, \"hidden_omega0\": 30, \"sigma0\": 30}",
            "{\"model\": \"chebykan\", \"width\": 4, \"layers\": 1, \"degree\": 5}",
            "{\"model\": \"mfn-gabor\", \"width\": 8, \"layers\": 2, \"input_scale\": 256, \"weight_scale\": 1, \"alpha\": 6,"
                    + " \"beta\": 1}",
            "{\"model\": \"kan\", \"width\": 5, \"layers\": 1, \"grid_size\": 5}",
            "{\"model\": \"incode\", \"width\": 8, \"layers\": 1}",
            "{\"model\": \"fourier-features\"}",
            "{\"rank\": \"full\", \"no_relu\": true}",
        };
        for (int i = 0; i < configs.length; i++) {
            String name = configs[i].contains("\"model\"")
                    ? configs[i].replaceAll(".*\"model\": \"([a-z0-9-]+)\".*", "$1") : "sl2a-default";
            Files.writeString(dir.resolve(String.format(Locale.ROOT, "%02d-%s.json", i, name)), configs[i] + "\n");
        }
    }
}
