package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.nn.checkpoint.Safetensors;
import io.sl2a.nn.checkpoint.TensorData;
import io.sl2a.nn.train.TrainingState;
import io.sl2a.tasks.fit.TrainingStateFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad files of every kind a command reads, through the real command line (fuzz findings and
 * hand-made ones, see docs/testing.md, "Fuzzing"): each run ends with exit code 2 and exactly one
 * line on stderr, the output directory gains no file, and what was already there keeps its bytes.
 */
class BadFilesCliTest {
    private static final Path CORPUS = Path.of("src/test/resources/io/sl2a/tasks");

    @TempDir
    Path temp;
    Path out;
    Path image;

    @BeforeEach
    void setUp() throws IOException {
        out = Files.createDirectories(temp.resolve("out"));
        Files.write(out.resolve("keep.bin"), new byte[] {1, 2, 3, 0, (byte) 255});
        image = TinyImages.colour(temp, 8, 8);
    }

    /** Runs the command and checks the contract on {@code watched} (the --out directory or a --resume one). */
    private void refused(Path watched, Object... args) throws IOException {
        Map<String, byte[]> before = snapshot(watched);
        CliRun run = CliRun.of(args);
        String what = String.join(" ", Arrays.stream(args).map(String::valueOf).toList());
        assertEquals(Main.BAD_INPUT, run.exitCode(), what + "\n" + run.stderr());
        List<String> lines = run.stderr().lines().toList();
        assertEquals(1, lines.size(), what + ": one line on stderr:\n" + run.stderr());
        assertTrue(lines.getFirst().startsWith("sl2a: ") && !lines.getFirst().contains("internal error"), lines.getFirst());
        Map<String, byte[]> after = snapshot(watched);
        assertEquals(before.keySet(), after.keySet(), what + ": the files in " + watched);
        for (String name : before.keySet()) {
            assertTrue(Arrays.equals(before.get(name), after.get(name)), what + ": " + name + " changed");
        }
    }

    private static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            // the empty lock file a run leaves in its --out (docs/cli.md) is not an output
            for (Path p : paths.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(io.sl2a.tasks.io.OutputDirectory.LOCK)).toList()) {
                files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(temp.resolve(name), bytes);
    }

    private Path file(String name, String text) throws IOException {
        return file(name, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Files of a target's committed corpus whose names start with {@code prefix} (the findings kept there). */
    private static List<Path> corpus(String target, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(CORPUS.resolve(target))) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }

    private static byte[] safetensors(Map<String, TensorData> tensors, Map<String, String> metadata) {
        return Safetensors.serialize(tensors, metadata);
    }

    /** A safetensors file whose JSON header is {@code header}, followed by {@code data} zero bytes. */
    private static byte[] rawSafetensors(String header, int data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + data).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json);
        return out.array();
    }

    @Test
    void pictures() throws IOException {
        byte[] png = Files.readAllBytes(image);
        List<Path> bad = new ArrayList<>(List.of(
                file("notes.png", "this is not a picture"),
                file("cut.png", Arrays.copyOf(png, png.length / 2)),
                file("cut.jpg", Arrays.copyOf(Files.readAllBytes(
                        CORPUS.resolve("image/ImageFuzzTargetsInputs/image/chelsea-crop.jpg")), 300)),
                // A PNG whose header says 100000x100000 pixels and nothing more.
                file("huge.png", Arrays.copyOf(png, 33))));
        byte[] huge = Files.readAllBytes(bad.get(3));
        ByteBuffer.wrap(huge).putInt(16, 100_000).putInt(20, 100_000);
        Files.write(bad.get(3), huge);
        bad.addAll(corpus("image/ImageFuzzTargetsInputs/image", "found-"));
        for (Path picture : bad) {
            refused(out, "fit", picture, "--out", out, "--epochs", 1);
            refused(out, "inpaint", image, "--mask", picture, "--out", out, "--epochs", 1);
        }
        refused(out, "inpaint", image, "--mask", TinyImages.colour(Files.createDirectories(temp.resolve("small")), 4, 8), "--out", out, "--epochs", 1);
    }

    @Test
    void npyArrays() throws IOException {
        List<Path> bad = new ArrayList<>(List.of(
                file("version2-cut.npy", new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 1}),
                file("zero-size-dtype.npy", npy("{'descr': '<f0', 'fortran_order': False, 'shape': (100000, 100000), }")),
                file("huge-dtype.npy", npy("{'descr': '<f99999999999', 'fortran_order': False, 'shape': (2, 2), }")),
                file("line-break.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,\n2, 2), }"))));
        bad.addAll(corpus("image/ImageFuzzTargetsInputs/npy", "found-"));
        for (Path array : bad) {
            refused(out, "ct", array, "--out", out, "--epochs", 1);
        }
    }

    private static byte[] npy(String dict) {
        byte[] header = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(10 + header.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length).put(header);
        return out.array();
    }

    @Test
    void meshes() throws IOException {
        List<Path> bad = new ArrayList<>(List.of(
                file("huge-count.off", "OFF\n2147483647 1 0\n0 0 0\n"),
                file("far.off", "OFF\n3 1 0\n0 0 0\n1 0 0\n0 1 0\n3 0 1 7\n"),
                file("huge.ply", "ply\nformat binary_little_endian 1.0\nelement vertex 500000000\nproperty float x\n"
                        + "property float y\nproperty float z\nend_header\n"),
                file("bad-type.ply", "ply\nformat ascii 1.0\nelement vertex 1\nproperty fl\u0001oat x\nend_header\n"),
                file("short.obj", "v 1 2\n"),
                file("no-vertices.obj", "f 1 2 3\n")));
        for (String format : new String[] {"off", "ply", "obj"}) {
            bad.addAll(corpus("volume/MeshFuzzTargetsInputs/" + format, "found-"));
        }
        for (Path mesh : bad) {
            refused(out, "occupancy", mesh, "--out", out, "--epochs", 1, "--resolution", 8);
        }
    }

    @Test
    void modelConfigsAndCheckpoints() throws IOException {
        List<Path> configs = new ArrayList<>(List.of(
                file("wide.json", "{\"model\": \"sl2a\", \"width\": \"wide\"}"),
                file("name.json", "{\"model\": \"a\\nb\"}"),
                file("nothing.json", "")));
        configs.addAll(corpus("cli/CliFilesFuzzTargetsInputs/modelConfig", "found-"));
        for (Path config : configs) {
            refused(out, "fit", image, "--model-config", config, "--out", out, "--epochs", 1);
        }
        List<Path> checkpoints = new ArrayList<>(List.of(
                file("short.safetensors", new byte[] {1, 2, 3}),
                file("line-break.safetensors", rawSafetensors(
                        "{\"a\\nb\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 4)),
                file("overflow.safetensors", rawSafetensors(
                        "{\"w\": {\"dtype\": \"F32\", \"shape\": [4294967296, 4294967296], \"data_offsets\": [0, 0]}}", 0)),
                file("far.safetensors", rawSafetensors(
                        "{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [9223372036854775800,"
                                + " 9223372036854775804]}}", 0))));
        checkpoints.addAll(corpus("fit/CheckpointFuzzTargetsInputs/model", "found-"));
        for (Path checkpoint : checkpoints) {
            refused(out, "fit", image, "--init", checkpoint, "--out", out, "--epochs", 1);
            refused(out, "render", checkpoint, "--width", 4, "--height", 4, "--out", out.resolve("keep.bin"));
        }
        List<Path> occupancy = new ArrayList<>(List.of(
                CORPUS.resolve("fit/CheckpointFuzzTargetsInputs/model/relu.safetensors"),
                file("frame.safetensors", damagedFrame())));
        occupancy.addAll(corpus("fit/CheckpointFuzzTargetsInputs/occupancy", "found-"));
        for (Path checkpoint : occupancy) {
            refused(out, "mesh", checkpoint, "--resolution", 8, "--out", out);
        }
    }

    /** The occupancy seed with its grid frame's metadata broken over two lines. */
    private static byte[] damagedFrame() throws IOException {
        Safetensors.Contents seed = Safetensors.read(CORPUS.resolve("fit/CheckpointFuzzTargetsInputs/occupancy/tiny-relu.safetensors"));
        Map<String, String> metadata = new LinkedHashMap<>(seed.metadata());
        metadata.put("occupancy_frame", "0 0\n0 1");
        return safetensors(seed.tensors(), metadata);
    }

    @Test
    void aDamagedTrainingStateLeavesTheRunAsItWas() throws IOException {
        Path run = temp.resolve("run");
        CliRun fit = CliRun.of("fit", image, "--out", run, "--epochs", 2, "--degree", 4, "--width", 8, "--rank", 2);
        assertEquals(0, fit.exitCode(), fit.stderr());
        Path state = run.resolve(TrainingStateFile.NAME);
        List<byte[]> states = new ArrayList<>();
        for (TrainingStateFile.Run settings : List.of(
                new TrainingStateFile.Run(0, 64, 1e-3, 7, true, 8, 8, 3),
                new TrainingStateFile.Run(2, 0, 1e-3, 7, true, 8, 8, 3),
                new TrainingStateFile.Run(2, 64, Double.NaN, 7, true, 8, 8, 3))) {
            Path written = temp.resolve("state");
            TrainingStateFile.write(written, new TrainingStateFile.Saved(new TrainingState(1, 0, 1, 0, 0), settings,
                    new double[] {10}, 1.0, Map.of(), null));
            states.add(Files.readAllBytes(written));
        }
        Path written = temp.resolve("state");
        TrainingStateFile.write(written, new TrainingStateFile.Saved(new TrainingState(1, 0, 1, 0, 0),
                new TrainingStateFile.Run(2, 64, 1e-3, 7, true, 8, 8, 3), new double[] {10, 11, 12, 13}, 1.0, Map.of(), null));
        states.add(Files.readAllBytes(written));
        states.add(safetensors(Map.of("adam.m/w", TensorData.i64(new long[] {1}, new long[] {1})),
                Map.of("format", "sl2a-training-state")));
        states.add(safetensors(Map.of(), Map.of("format", "sl2a-training-state\nepoch 3")));
        for (Path found : corpus("fit/CheckpointFuzzTargetsInputs/trainingState", "found-")) {
            states.add(Files.readAllBytes(found));
        }
        for (byte[] bytes : states) {
            Files.write(state, bytes);
            refused(run, "fit", image, "--resume", run);
        }
    }

    @Test
    void nerfFiles() throws IOException {
        Path dataset = Files.createDirectories(temp.resolve("dataset"));
        List<byte[]> transforms = new ArrayList<>(List.of(
                "{".getBytes(StandardCharsets.UTF_8),
                "{\"camera_angle_x\": 0.7, \"frames\": [{\"file_path\": \"x\\ny\", \"transform_matrix\": 1}]}"
                        .getBytes(StandardCharsets.UTF_8),
                "{\"camera_angle_x\": 0.7, \"frames\": [{\"file_path\": \"./r_0\", \"transform_matrix\":"
                        .concat(" [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 4], [0, 0, 0, 1]]}]}").getBytes(StandardCharsets.UTF_8)));
        for (Path found : corpus("nerf/NerfFuzzTargetsInputs/transforms", "found-")) {
            transforms.add(Files.readAllBytes(found));
        }
        for (byte[] json : transforms) {
            Files.write(dataset.resolve("transforms_train.json"), json);
            refused(out, "nerf", dataset, "--out", out, "--iterations", 1);
        }
        Path field = CORPUS.resolve("nerf/NerfFuzzTargetsInputs/checkpoint/tiny-field.safetensors");
        List<Path> poses = new ArrayList<>(List.of(
                file("empty.json", "[]"),
                file("ragged.json", "{\"frames\": [{\"transform_matrix\": [[1, 2], [3]]}]}"),
                file("origin.json", "{\"transform_matrix\": [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]]}")));
        poses.addAll(corpus("cli/CliFilesFuzzTargetsInputs/poses", "found-"));
        for (Path pose : poses) {
            refused(out, "nerf-render", field, "--pose", pose, "--out", out);
        }
        Safetensors.Contents seed = Safetensors.read(field);
        Map<String, TensorData> tensors = new LinkedHashMap<>(seed.tensors());
        tensors.put("occupancy_grid", TensorData.f32(new long[] {0}, new float[0]));
        Map<String, String> metadata = new LinkedHashMap<>(seed.metadata());
        metadata.put("nerf_grid", "2048 1.5");
        List<Path> fields = new ArrayList<>(List.of(
                file("grid-overflow.safetensors", safetensors(tensors, metadata)),
                CORPUS.resolve("fit/CheckpointFuzzTargetsInputs/model/relu.safetensors")));
        fields.addAll(corpus("nerf/NerfFuzzTargetsInputs/checkpoint", "found-"));
        for (Path checkpoint : fields) {
            refused(out, "nerf-render", checkpoint, "--out", out);
        }
    }
}
