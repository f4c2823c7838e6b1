package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.tasks.volume.OffWriter;
import io.sl2a.tasks.volume.TriangleMesh;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bounded option of every command, at its edge and just past it. Past the edge the command
 * is refused with exactly its message (one line, exit 2, nothing written), on real input. At the
 * edge the option passes its check: given an input that does not exist the command goes on to a
 * later refusal (the missing file, or the memory an edge like {@code --resolution 812} needs)
 * instead (commands without an input run, at tiny sizes).
 */
class CommandOptionBoundsTest {
    /** What a command reads first. */
    enum Input { IMAGE, MESH, MODEL, SCENE, NERF_MODEL, NONE }

    /** {@code command [INPUT] option value extra...}; {@code message} is what past-the-edge prints after "sl2a: ". */
    record Bound(String command, Input input, String option, String edge, String past, String message,
            List<Object> extra) {
        @Override
        public String toString() {
            return command + " " + option + " " + edge + " | " + past;
        }
    }

    private static Bound bound(String command, Input input, String option, Object edge, Object past, String message,
            Object... extra) {
        return new Bound(command, input, option, String.valueOf(edge), String.valueOf(past), message, List.of(extra));
    }

    @TempDir
    static Path temp;

    private static final java.util.Map<Input, Path> inputs = new java.util.EnumMap<>(Input.class);

    @BeforeAll
    static void makeInputs() throws IOException {
        inputs.put(Input.IMAGE, TinyImages.colour(temp, 8, 8));
        float[] v = {1, 2, 3, 3, 2, 3, 3, 3, 3, 1, 3, 3, 1, 2, 4, 3, 2, 4, 3, 3, 4, 1, 3, 4};
        int[] t = {0, 2, 1, 0, 3, 2, 4, 5, 6, 4, 6, 7, 0, 1, 5, 0, 5, 4, 2, 3, 7, 2, 7, 6, 1, 2, 6, 1, 6, 5, 0, 4, 7, 0,
            7, 3};
        Path box = temp.resolve("box.off");
        OffWriter.write(new TriangleMesh(v, t), box);
        inputs.put(Input.MESH, box);
        Path fit = temp.resolve("fitted");
        assertEquals(0, CliRun.of("fit", inputs.get(Input.IMAGE), "--epochs", 1, "--width", 8, "--layers", 1,
                "--degree", 4, "--out", fit).exitCode());
        inputs.put(Input.MODEL, fit.resolve("model.safetensors"));
        Path scene = io.sl2a.tasks.nerf.SphereScene.write(temp.resolve("sphere"), 8, 2, 1);
        inputs.put(Input.SCENE, scene);
        Path nerf = temp.resolve("nerf");
        CliRun trained = CliRun.of("nerf", scene, "--iterations", 2, "--rays", 8, "--samples", 4, "--model", "relu",
                "--width", 8, "--layers", 1, "--features", 4, "--orbit", 0, "--grid", 0, "--out", nerf);
        assertEquals(0, trained.exitCode(), trained.stderr());
        inputs.put(Input.NERF_MODEL, nerf.resolve("model.safetensors"));
    }

    static Stream<Bound> bounds() {
        return Stream.of(
                bound("fit", Input.IMAGE, "--epochs", 1, 0, "--epochs must be at least 1, got 0"),
                bound("fit", Input.IMAGE, "--batch", 1, 0, "--batch must be at least 1, got 0"),
                bound("fit", Input.IMAGE, "--checkpoint-every", 1, 0, "--checkpoint-every must be at least 1, got 0"),
                bound("fit", Input.IMAGE, "--lr", "1e-30", 0, "--lr must be a positive number, got 0.0"),
                bound("fit", Input.IMAGE, "--threads", 1, 0, "--threads must be at least 1, got 0"),
                bound("fit", Input.IMAGE, "--downscale", 1, "0.99", "downscale factor must be a number >= 1, got 0.99"),
                bound("inpaint", Input.IMAGE, "--keep", 1, "1.01", "--keep must be in (0, 1], got 1.01"),
                bound("inpaint", Input.IMAGE, "--keep", "0.001", 0, "--keep must be in (0, 1], got 0.0"),
                bound("inpaint", Input.IMAGE, "--epochs", 1, 0, "--epochs must be at least 1, got 0"),
                bound("inpaint", Input.IMAGE, "--batch", 1, 0, "--batch must be at least 1, got 0"),
                bound("inpaint", Input.IMAGE, "--lr", "1e-30", 0, "--lr must be positive, got 0.0"),
                bound("inpaint", Input.IMAGE, "--threads", 1, 0, "--threads must be at least 1, got 0"),
                bound("occupancy", Input.MESH, "--threads", 1, 0, "--threads must be at least 1, got 0"),
                bound("nerf", Input.SCENE, "--threads", 1, 0, "--threads must be at least 1, got 0"),
                bound("superres", Input.IMAGE, "--scale", 2, 1, "--scale must be at least 2, got 1"),
                bound("superres", Input.IMAGE, "--epochs", 1, 0, "--epochs must be at least 1, got 0"),
                bound("ct", Input.IMAGE, "--angles", 1, 0, "--angles must be at least 1, got 0"),
                bound("ct", Input.IMAGE, "--noise", 0, "-0.001", "--noise must be a finite number >= 0, got -0.001"),
                bound("ct", Input.IMAGE, "--epochs", 1, 0, "--epochs must be at least 1, got 0"),
                bound("occupancy", Input.MESH, "--resolution", 8, 7, "--resolution must be from 8 to 812, got 7"),
                bound("occupancy", Input.MESH, "--resolution", 812, 813, "--resolution must be from 8 to 812, got 813"),
                bound("occupancy", Input.MESH, "--iou-every", 1, 0, "--iou-every must be at least 1, got 0"),
                bound("occupancy", Input.MESH, "--epochs", 1, 0, "--epochs must be at least 1, got 0"),
                bound("mesh", Input.MODEL, "--resolution", 8, 7, "--resolution must be from 8 to 812, got 7", "--out",
                        "x.ply"),
                bound("mesh", Input.MODEL, "--resolution", 812, 813, "--resolution must be from 8 to 812, got 813",
                        "--out", "x.ply"),
                bound("nerf", Input.SCENE, "--grid", 0, -1, "--grid must be from 0 (none) to 256, got -1"),
                bound("nerf", Input.SCENE, "--grid", 256, 257, "--grid must be from 0 (none) to 256, got 257"),
                bound("nerf", Input.SCENE, "--samples", 2, 1, "--samples must be at least 2, got 1"),
                bound("nerf", Input.SCENE, "--rays", 1, 0, "--rays must be at least 1, got 0"),
                bound("nerf", Input.SCENE, "--downscale", 1, 0, "--downscale must be at least 1, got 0"),
                bound("nerf", Input.SCENE, "--features", 1, 0, "--features must be at least 1, got 0"),
                bound("nerf", Input.SCENE, "--color-width", 1, 0, "--color-width must be at least 1, got 0"),
                bound("nerf", Input.SCENE, "--color-layers", 1, 0, "--color-layers must be at least 1, got 0"),
                bound("nerf", Input.SCENE, "--checkpoint-every", 1, 0, "--checkpoint-every must be at least 1, got 0"),
                bound("nerf", Input.SCENE, "--orbit", 0, -1, "--orbit must not be negative, got -1"),
                bound("nerf", Input.SCENE, "--lr", "1e-30", 0, "--lr must be a positive number, got 0.0"),
                bound("nerf", Input.SCENE, "--train-views", 1, 0, "--train-views must be at least 1, got 0"),
                bound("nerf-scene", Input.MESH, "--size", 8, 7, "--size must be from 8 to 4096, got 7", "--out", "s"),
                bound("nerf-scene", Input.MESH, "--size", 4096, 4097, "--size must be from 8 to 4096, got 4097", "--out",
                        "s"),
                bound("nerf-scene", Input.MESH, "--supersample", 1, 0, "--supersample must be from 1 to 4, got 0",
                        "--out", "s"),
                bound("nerf-scene", Input.MESH, "--supersample", 4, 5, "--supersample must be from 1 to 4, got 5",
                        "--out", "s"),
                bound("nerf-scene", Input.MESH, "--train", 1, 0, "--train must be from 1 to 100000, got 0", "--out", "s"),
                bound("nerf-scene", Input.MESH, "--test", 100000, 100001,
                        "--test must be from 1 to 100000, got 100001", "--out", "s"),
                bound("nerf-render", Input.NERF_MODEL, "--orbit", 1, 0, "--orbit must be at least 1, got 0"),
                bound("nerf-render", Input.NERF_MODEL, "--width", 1, 0,
                        "--width and --height must be positive (at most 16 megapixels), got 0x8", "--orbit", 1),
                bound("render", Input.MODEL, "--width", 1, 0, "--width and --height must be at least 1, got 0x8",
                        "--height", 8, "--out", "r.png"),
                bound("spectral-bias", Input.NONE, "--steps", 1, 0, "--steps and --log-every must be at least 1, got 0"
                        + " and 10", "--models", "relu", "--width", 8, "--layers", 1),
                bound("spectral-bias", Input.NONE, "--log-every", 1, 0, "--steps and --log-every must be at least 1,"
                        + " got 2 and 0", "--models", "relu", "--width", 8, "--layers", 1, "--steps", 2),
                bound("spectral-bias", Input.NONE, "--lr", "1e-30", 0, "--lr must be positive, got 0.0", "--models",
                        "relu", "--width", 8, "--layers", 1, "--steps", 2),
                bound("ntk", Input.NONE, "--dim", 1, 0, "--dim must be 1 or 2, got 0", "--models", "relu", "--width", 4,
                        "--layers", 1, "--points", 4),
                bound("ntk", Input.NONE, "--dim", 2, 3, "--dim must be 1 or 2, got 3", "--models", "relu", "--width", 4,
                        "--layers", 1, "--points", 4),
                bound("ntk", Input.NONE, "--points", 2, 1, "--points must be at least 2, got 1", "--models", "relu",
                        "--width", 4, "--layers", 1),
                bound("ntk", Input.NONE, "--memory-mb", 1, 0, "--memory-mb must be at least 1, got 0", "--models",
                        "relu", "--width", 4, "--layers", 1, "--points", 4),
                bound("compare", Input.IMAGE, "--epochs", 1, 0, "--epochs must be at least 1, got 0"),
                bound("compare", Input.IMAGE, "--downscale", 1, "0.5", "downscale factor must be a number >= 1, got 0.5"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bounds")
    void pastTheEdgeIsRefusedAndTheEdgeIsAccepted(Bound b) throws IOException {
        Path out = temp.resolve("out-" + Math.abs(b.toString().hashCode()));
        CliRun past = CliRun.of(args(b, inputs.get(b.input()), b.past(), out).toArray());
        assertEquals(Main.BAD_INPUT, past.exitCode(), past.stderr());
        assertEquals(List.of("sl2a: " + b.message()), past.messageLines());
        assertFalse(Files.exists(out), "nothing written");

        Path missing = temp.resolve("missing-input");
        CliRun edge = CliRun.of(args(b, b.input() == Input.NONE ? null : missing, b.edge(), out).toArray());
        if (b.input() == Input.NONE) {
            assertEquals(0, edge.exitCode(), edge.stderr());
        } else {
            // refused for another reason (the input is missing, or the edge needs more memory than there is)
            assertEquals(Main.BAD_INPUT, edge.exitCode(), edge.stderr());
            assertEquals(1, edge.messageLines().size(), edge.stderr());
            String check = "sl2a: " + b.message().substring(0, b.message().lastIndexOf(", got"));
            assertFalse(edge.messageLines().get(0).startsWith(check), "the edge passes the option's check: "
                    + edge.stderr());
        }
    }

    private static List<Object> args(Bound b, Path input, String value, Path out) {
        List<Object> args = new ArrayList<>();
        args.add(b.command());
        if (input != null) {
            args.add(input);
        }
        args.addAll(List.of(b.option(), value));
        List<Object> extra = new ArrayList<>(b.extra());
        int outAt = extra.indexOf("--out");
        if (outAt >= 0) {
            extra.set(outAt + 1, out.resolveSibling(out.getFileName() + "-" + extra.get(outAt + 1)));
        } else {
            extra.addAll(List.of("--out", out));
        }
        args.addAll(extra);
        return args;
    }
}
