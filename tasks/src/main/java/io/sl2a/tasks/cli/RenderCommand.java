package io.sl2a.tasks.cli;

import io.sl2a.backend.Backend;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.tasks.fit.CheckpointFiles;
import io.sl2a.tasks.fit.MemoryBudget;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageWriter;
import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.render.Renderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sl2a render CKPT}: decodes a checkpoint into an image of any resolution. */
@Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Render a checkpoint as a PNG image at any resolution.")
public final class RenderCommand implements Callable<Integer> {
    /** Points evaluated at once: bounds memory for any output size. */
    static final int CHUNK_POINTS = 65536;

    @Parameters(index = "0", paramLabel = "CKPT", description = "Checkpoint (model.safetensors).")
    Path checkpoint;

    @Option(names = "--width", required = true, paramLabel = "W", description = "Output width in pixels.")
    int width;

    @Option(names = "--height", required = true, paramLabel = "H", description = "Output height in pixels.")
    int height;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "PNG file to write.")
    Path out;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() {
        if (width < 1 || height < 1) {
            throw new UserInputException("--width and --height must be at least 1, got " + width + "x" + height);
        }
        long pixels = (long) width * height;
        if (pixels * 3 > Integer.MAX_VALUE / 2) {
            throw new UserInputException("--width x --height is too large: " + pixels + " pixels");
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
            throw new UserInputException("cannot write " + out + ": its directory does not exist or is not writable");
        }
        ModelCheckpoint model = CheckpointFiles.load(checkpoint);
        int rows = (int) Math.min(CHUNK_POINTS, pixels);
        MemoryBudget.require(model.config(), rows, 0, pixels * 4L * (2 + 2L * model.config().outFeatures()),
                "--width and --height");
        try (Backend backend = backendOptions.open();
                DeviceNetwork network = DeviceNetwork.create(backend, model.config().graph(), rows,
                        AdamSettings.PYTORCH, 0)) {
            network.setParameters(model.parameters());
            Image image;
            try {
                image = Renderer.render(network, width, height);
            } catch (UserInputException e) {
                throw new UserInputException(checkpoint + ": " + e.getMessage());
            }
            ImageWriter.writePng(image, out);
        } catch (IOException e) {
            throw new UserInputException("cannot write " + out + ": " + IoErrors.reason(e));
        }
        System.err.printf("sl2a render: wrote %s (%dx%d)%n", out, width, height);
        return 0;
    }
}
