package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sl2a.backend.DeviceMemoryException;
import io.sl2a.nn.checkpoint.CheckpointException;
import io.sl2a.tasks.io.UserInputException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/**
 * Exit codes: 2 and one line for everything the user can cause (bad options, files, models that do
 * not fit), 1 and one line naming an internal error for everything else, never a stack trace.
 */
class ExitCodeTest {
    @Command(name = "probe")
    static final class Throwing implements Callable<Integer> {
        private final RuntimeException failure;

        Throwing(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() {
            throw failure;
        }
    }

    private record Outcome(int code, List<String> lines, String stderr) {
    }

    private static Outcome run(RuntimeException failure) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream stream = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setErr(stream);
            int code = Main.run(new Throwing(failure));
            String text = captured.toString(StandardCharsets.UTF_8);
            return new Outcome(code, text.lines().toList(), text);
        } finally {
            System.setErr(original);
        }
    }

    @Test
    void badInputIsExitCodeTwoWithItsMessage() {
        Outcome user = run(new UserInputException("--epochs must be at least 1"));
        assertEquals(Main.BAD_INPUT, user.code());
        assertEquals(List.of("sl2a: --epochs must be at least 1"), user.lines());
        Outcome checkpoint = run(new CheckpointException("model.safetensors: missing tensor net.1.bias"));
        assertEquals(2, checkpoint.code());
        assertEquals(List.of("sl2a: model.safetensors: missing tensor net.1.bias"), checkpoint.lines());
        Outcome memory = run(new DeviceMemoryException("the run needs 9000 MiB but the device has 8000 MiB"));
        assertEquals(2, memory.code());
        assertEquals(List.of("sl2a: the run needs 9000 MiB but the device has 8000 MiB; lower --batch, --width or --degree,"
                + " or pick another --device"), memory.lines());
    }

    @Test
    void anythingElseIsAnInternalErrorWithExitCodeOne() {
        Outcome internal = run(new IllegalStateException("buffer x was never allocated"));
        assertEquals(Main.INTERNAL, internal.code());
        assertEquals(List.of("sl2a: internal error: java.lang.IllegalStateException: buffer x was never allocated"
                + " (set SL2A_DEBUG=1 for details)"), internal.lines());
        assertFalse(internal.stderr().contains("\tat "), "no stack trace");
    }

    @Test
    void anUnknownOptionIsBadInputNamingTheHelp() {
        CliRun run = CliRun.of("fit", "x.png", "--colour", "blue");
        assertEquals(Main.BAD_INPUT, run.exitCode());
        assertEquals(List.of("sl2a: Unknown options: '--colour', 'blue' (see: sl2a fit --help)"), run.messageLines());
        CliRun none = CliRun.of("paint");
        assertEquals(Main.BAD_INPUT, none.exitCode());
        assertEquals(1, none.messageLines().size(), none.stderr());
    }
}
