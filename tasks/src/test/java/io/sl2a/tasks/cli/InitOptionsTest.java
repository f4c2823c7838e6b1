package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With --init the checkpoint decides the architecture; each option that contradicts it is one exact line. */
class InitOptionsTest {
    @TempDir
    Path temp;
    Path image;
    Path checkpoint;

    @BeforeEach
    void fitOnce() throws Exception {
        image = TinyImages.colour(temp, 12, 8);
        assertEquals(0, CliRun.of("fit", image, "--out", temp.resolve("first"), "--epochs", 1, "--degree", 6, "--width", 16,
                "--layers", 2, "--rank", 4, "--batch", 32).exitCode());
        checkpoint = temp.resolve("first/model.safetensors");
    }

    private void assertRefused(String message, Object... options) {
        Path out = temp.resolve("second");
        Object[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("fit", image, "--out", out, "--init",
                checkpoint), java.util.stream.Stream.of(options)).toArray();
        CliRun run = CliRun.of(args);
        assertEquals(Main.BAD_INPUT, run.exitCode(), run.stderr());
        assertEquals(List.of("sl2a: " + message), run.messageLines());
        assertFalse(Files.exists(out.resolve("model.safetensors")));
    }

    @Test
    void everyContradictionIsRefused() {
        assertRefused("--degree 9 contradicts the checkpoint given with --init (6)", "--degree", 9);
        assertRefused("--width 32 contradicts the checkpoint given with --init (16)", "--width", 32);
        assertRefused("--layers 3 contradicts the checkpoint given with --init (2)", "--layers", 3);
        assertRefused("--rank 8 contradicts the checkpoint given with --init (4)", "--rank", 8);
        assertRefused("--rank full contradicts the checkpoint given with --init (4)", "--rank", "full");
        assertRefused("--no-modulation contradicts the checkpoint given with --init", "--no-modulation");
        assertRefused("--no-relu contradicts the checkpoint given with --init", "--no-relu");
    }

    @Test
    void optionsThatAgreeWithTheCheckpointAreAccepted() {
        CliRun run = CliRun.of("fit", image, "--out", temp.resolve("agree"), "--init", checkpoint, "--epochs", 1, "--degree", 6,
                "--width", 16, "--layers", 2, "--rank", 4, "--batch", 32);
        assertEquals(0, run.exitCode(), run.stderr());
    }

    @Test
    void aCheckpointForOtherChannelsIsRefused() throws Exception {
        Path grey = temp.resolve("grey.png");
        ImageWriter.writePng(new Image(12, 8, 1, new float[96]), grey);
        CliRun run = CliRun.of("fit", grey, "--out", temp.resolve("grey"), "--init", checkpoint);
        assertEquals(Main.BAD_INPUT, run.exitCode());
        assertEquals(List.of("sl2a: checkpoint " + checkpoint + " has 3 output channels but the image has 1"), run.messageLines());
    }
}
