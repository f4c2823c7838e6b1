package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FitJob}, fit as one job of a sweep: the model of {@code sl2a fit} with the same
 * arguments, nothing on the console, and a failure's reason as one line (an error's, or what a
 * diverged fit kept).
 */
class FitJobTest {
    @TempDir
    Path temp;

    @Test
    void aJobFitsTheModelOfFitAndPrintsNothing() throws Exception {
        Path image = TinyImages.colour(temp, 12, 10);
        CliRun fit = CliRun.of(arguments("fit", image, temp.resolve("fit")).toArray());
        assertEquals(0, fit.exitCode(), fit.stderr());
        PrintStream original = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        FitJob.Outcome outcome;
        try (PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            System.setErr(capture);
            List<String> args = arguments(null, image, temp.resolve("job")).stream().map(String::valueOf).toList();
            outcome = FitJob.run(args);
        } finally {
            System.setErr(original);
        }
        assertEquals(0, outcome.exitCode(), outcome.message());
        assertEquals("", console.toString(StandardCharsets.UTF_8), "a job has no console of its own");
        assertArrayEquals(Files.readAllBytes(temp.resolve("fit/model.safetensors")),
                Files.readAllBytes(temp.resolve("job/model.safetensors")));
    }

    @Test
    void aBadImageEndsTheJobWithItsOneLineReason() throws Exception {
        Path bad = Files.writeString(temp.resolve("bad.png"), "text");
        FitJob.Outcome outcome = FitJob.run(List.of(bad.toString(), "--out", temp.resolve("job").toString()));
        assertEquals(Main.BAD_INPUT, outcome.exitCode());
        assertEquals("cannot read image " + bad + ": not a PNG or JPEG image", outcome.message());
        assertFalse(Files.exists(temp.resolve("job")), "nothing left behind");
    }

    @Test
    void aDivergedJobEndsWithWhatItKept() throws Exception {
        Path image = TinyImages.colour(temp, 12, 10);
        Path out = temp.resolve("nan");
        List<String> args = new ArrayList<>(arguments(null, image, out).stream().map(String::valueOf).toList());
        args.addAll(List.of("--lr", "1e30"));
        FitJob.Outcome outcome = FitJob.run(args);
        assertEquals(3, outcome.exitCode());
        assertEquals("loss became NaN at epoch 1; try a smaller --lr; kept the model after 0 good epochs in "
                + out.resolve("model.safetensors"), outcome.message());
    }

    private static List<Object> arguments(String command, Path image, Path out) {
        List<Object> args = new ArrayList<>();
        if (command != null) {
            args.add(command);
        }
        args.add(image);
        args.addAll(Arrays.asList(TinyImages.smallModel()));
        args.addAll(List.of("--epochs", 2, "--seed", 5, "--out", out));
        return args;
    }
}
