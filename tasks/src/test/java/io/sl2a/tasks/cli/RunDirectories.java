package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.nn.checkpoint.Safetensors;
import io.sl2a.tasks.fit.EmbeddedModel;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.OutputDirectory;
import io.sl2a.tasks.volume.MeshReader;
import io.sl2a.tasks.volume.OffWriter;
import io.sl2a.tasks.volume.TriangleMesh;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** What the tests of stopped, killed and failed runs share: inputs, JVMs of their own, and a look at what a run left. */
final class RunDirectories {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunDirectories() {
    }

    /** A closed box from (1, 2, 3) to (3, 3, 4), as an OFF file in {@code dir}. */
    static Path box(Path dir) throws IOException {
        float[] v = {1, 2, 3, 3, 2, 3, 3, 3, 3, 1, 3, 3, 1, 2, 4, 3, 2, 4, 3, 3, 4, 1, 3, 4};
        int[] t = {0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4, 2, 3, 7, 2, 7, 6, 1, 2, 6, 1, 6, 5, 0, 4, 7, 0, 7, 3};
        Path file = dir.resolve("box.off");
        OffWriter.write(new TriangleMesh(v, t), file);
        return file;
    }

    /** The command line running sl2a with {@code args} in a JVM of its own, as a user's run is. */
    static List<String> java(Object... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        return command;
    }

    static Process start(Path log, Object... args) throws IOException {
        return new ProcessBuilder(java(args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The lines a run printed that carry a message (progress bars redraw with carriage returns). */
    static List<String> messages(Path log) throws IOException {
        return Arrays.stream(Files.readString(log).split("[\r\n]+")).filter(line -> line.startsWith("sl2a")).toList();
    }

    /** Every file in {@code dir} but the lock and the temporary files: each must read whole. */
    static List<Path> outputs(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals(OutputDirectory.LOCK))
                    .filter(p -> !AtomicFiles.isTemporary(p.getFileName().toString())).sorted().toList();
        }
    }

    /** The temporary files a killed run left (the next run on the directory removes them). */
    static List<Path> temporaries(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> AtomicFiles.isTemporary(p.getFileName().toString())).toList();
        }
    }

    /** Fails unless every output in {@code dir} parses as what its name says it is: no torn file. */
    static void assertNothingTorn(Path dir) throws IOException {
        for (Path file : outputs(dir)) {
            String name = file.getFileName().toString();
            try {
                if (name.endsWith(".safetensors")) {
                    Safetensors.read(file);
                } else if (name.endsWith(".json")) {
                    JSON.readTree(file.toFile());
                } else if (name.endsWith(".png") || name.endsWith(".gif")) {
                    assertNotNull(ImageIO.read(file.toFile()), file + " is no picture");
                } else if (name.endsWith(".ply")) {
                    MeshReader.read(file);
                }
            } catch (RuntimeException | IOException e) {
                throw new AssertionError(file + " is torn: " + e, e);
            }
        }
    }

    /**
     * Whether {@code model.safetensors} is the model its training state carries (else it is the
     * newer one a run wrote just before it was killed; --resume puts the state's back).
     */
    static boolean modelMatchesState(Path dir, String stateName) throws IOException {
        Safetensors.Contents state = Safetensors.read(dir.resolve(stateName));
        Safetensors.Contents model = EmbeddedModel.take(state);
        assertNotNull(model, stateName + " carries its model");
        return Arrays.equals(EmbeddedModel.bytes(model), Files.readAllBytes(dir.resolve("model.safetensors")));
    }

    /** Whether a NeRF run's model holds the parameters of its run state. */
    static boolean nerfModelMatchesState(Path dir) {
        Safetensors.Contents state = Safetensors.read(dir.resolve("run-state.safetensors"));
        Safetensors.Contents model = Safetensors.read(dir.resolve("model.safetensors"));
        for (Map.Entry<String, io.sl2a.nn.checkpoint.TensorData> t : state.tensors().entrySet()) {
            if (t.getKey().startsWith("parameter/")) {
                io.sl2a.nn.checkpoint.TensorData saved = model.tensors().get(t.getKey().substring("parameter/".length()));
                if (saved == null || !Arrays.equals(saved.floats(), t.getValue().floats())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The bytes of every output of {@code dir}, to show that a refused run touched nothing. */
    static Map<Path, String> snapshot(Path dir) throws IOException {
        Map<Path, String> files = new java.util.TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p)) {
                    files.put(p, Arrays.toString(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(p))));
                }
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    /**
     * Exit code 2 and one error line ({@code sl2a: ...}, beside the command's own {@code sl2a fit: ...}
     * lines of what it started) naming {@code fragment}; no stack trace.
     */
    static String assertOneLine(CliRun run, String fragment) {
        assertEquals(Main.BAD_INPUT, run.exitCode(), run.stderr());
        List<String> errors = run.messageLines().stream().filter(line -> line.startsWith("sl2a: ")).toList();
        assertEquals(1, errors.size(), run.stderr());
        assertTrue(errors.get(0).contains(fragment), run.stderr());
        assertTrue(!run.stderr().contains("\tat "), "no stack trace:\n" + run.stderr());
        return errors.get(0);
    }
}
