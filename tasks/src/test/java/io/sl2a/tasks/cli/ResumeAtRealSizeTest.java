package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run stopped by SIGTERM and continued with {@code --resume} ends with the bytes of the run never
 * stopped, at a size where every path of the cpu backend runs (a 128x128 image at the model's
 * default batch, both cores, the default product): SL2A (one step an epoch, on its grid path) and
 * a ReLU MLP (sixteen steps an epoch, so the stop falls inside an epoch). Every run is a JVM of its
 * own, as a user's are.
 */
class ResumeAtRealSizeTest {
    private static final int EPOCHS = 40;

    @TempDir
    Path temp;

    private static List<String> java(Object... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        return command;
    }

    private int run(Path log, Object... args) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(java(args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "finished in time");
        return process.exitValue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sl2a", "relu"})
    void aStoppedAndResumedRunEndsWithTheBytesOfTheWholeOne(String model) throws Exception {
        Path image = TinyImages.colour(temp, 128, 128);
        Path stopped = temp.resolve("stopped");
        Process process = new ProcessBuilder(java("fit", image, "--model", model, "--epochs", EPOCHS, "--seed", 9,
                "--threads", 2, "--checkpoint-every", 1, "--out", stopped)).redirectErrorStream(true)
                .redirectOutput(temp.resolve("stopped.log").toFile()).start();
        Path state = stopped.resolve("training_state.safetensors");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(state) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(process.isAlive(), "the run ended before it could be stopped:\n"
                + Files.readString(temp.resolve("stopped.log")));
        process.destroy();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(FitCommand.INTERRUPTED, process.exitValue(), Files.readString(temp.resolve("stopped.log")));

        assertEquals(0, run(temp.resolve("resumed.log"), "fit", image, "--resume", stopped, "--threads", 2),
                Files.readString(temp.resolve("resumed.log")));
        Path whole = temp.resolve("whole");
        assertEquals(0, run(temp.resolve("whole.log"), "fit", image, "--model", model, "--epochs", EPOCHS, "--seed", 9,
                "--threads", 2, "--out", whole), Files.readString(temp.resolve("whole.log")));
        assertArrayEquals(Files.readAllBytes(whole.resolve("model.safetensors")),
                Files.readAllBytes(stopped.resolve("model.safetensors")), model + ": resumed against whole");
    }
}
