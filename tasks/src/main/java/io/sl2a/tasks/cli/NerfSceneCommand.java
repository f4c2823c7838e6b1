package io.sl2a.tasks.cli;

import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.OutputDirectory;
import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.nerf.BlenderSceneWriter;
import io.sl2a.tasks.nerf.ColouredMesh;
import io.sl2a.tasks.nerf.VertexColours;
import io.sl2a.tasks.volume.MeshReader;
import io.sl2a.tasks.volume.TriangleMesh;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sl2a nerf-scene MESH --out DIR}: a NeRF data set in the Blender layout, rendered from a mesh. */
@Command(name = "nerf-scene", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Render a triangle mesh (PLY, OBJ, OFF) into a NeRF data set in the NeRF-synthetic (Blender) layout.",
        footer = {"", "Writes into DIR: train/r_K.png, val/r_K.png, test/r_K.png (RGBA, background transparent) and"
                + " transforms_{train,val,test}.json. The mesh is fitted into the unit sphere and coloured by position"
                + " (hue around its up axis, light and dark bands along it), lit by a fixed light; cameras at distance"
                + " 4.0311 with the lego scene's field of view, at random on the upper hemisphere (train, val) and on"
                + " a circle 30 degrees up (test)."})
public final class NerfSceneCommand implements Callable<Integer> {
    static final int MAX_SIZE = 4096;
    static final int MAX_SUPERSAMPLE = 4;

    @Parameters(index = "0", paramLabel = "MESH", description = "The triangle mesh (PLY ascii or binary, OBJ, OFF).")
    Path meshPath;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--size", defaultValue = "800", paramLabel = "N",
            description = "Pictures are N x N pixels (default: ${DEFAULT-VALUE}, as the Blender scenes).")
    int size;

    @Option(names = "--train", defaultValue = "100", description = "Training views (default: ${DEFAULT-VALUE}).")
    int train;

    @Option(names = "--val", defaultValue = "100", description = "Validation views (default: ${DEFAULT-VALUE}).")
    int val;

    @Option(names = "--test", defaultValue = "200", description = "Test views (default: ${DEFAULT-VALUE}).")
    int test;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the random train and val cameras"
            + " (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--supersample", defaultValue = "3", paramLabel = "S", description = "S x S samples a pixel for"
            + " antialiasing, 1 to " + MAX_SUPERSAMPLE + " (default: ${DEFAULT-VALUE}).")
    int supersample;

    @Option(names = "--up", defaultValue = "y", paramLabel = "AXIS", description = "The mesh's up axis, x, y or z,"
            + " turned to the scene's +z (default: ${DEFAULT-VALUE}, as most scanned meshes).")
    String up;

    @Override
    public Integer call() {
        if (size < 8 || size > MAX_SIZE) {
            throw new UserInputException("--size must be from 8 to " + MAX_SIZE + ", got " + size);
        }
        requireViews("--train", train);
        requireViews("--val", val);
        requireViews("--test", test);
        if (supersample < 1 || supersample > MAX_SUPERSAMPLE) {
            throw new UserInputException("--supersample must be from 1 to " + MAX_SUPERSAMPLE + ", got " + supersample);
        }
        int upAxis = switch (up.toLowerCase(Locale.ROOT)) {
            case "x" -> 0;
            case "y" -> 1;
            case "z" -> 2;
            default -> throw new UserInputException("--up must be x, y or z, got " + up);
        };
        long perView = BlenderSceneWriter.bytesPerView(size, supersample);
        if (perView > Runtime.getRuntime().maxMemory() / 2) {
            throw new UserInputException(String.format(Locale.ROOT, "--size %d with --supersample %d needs about %,d MiB"
                    + " a view, more than half the heap of %,d MiB; lower them or raise the heap with"
                    + " SL2A_JAVA_OPTS=-Xmx...", size, supersample, perView >> 20, Runtime.getRuntime().maxMemory() >> 20));
        }
        TriangleMesh mesh = ColouredMesh.fitUnitSphere(MeshReader.read(meshPath), upAxis);
        ColouredMesh scene = VertexColours.banded(mesh);
        OutputDirectory.claim(out);
        int views = train + val + test;
        System.err.printf(Locale.ROOT, "sl2a nerf-scene: %s, %,d vertices, %,d triangles; %d train, %d val, %d test views"
                + " at %dx%d, %dx%d samples a pixel%n", meshPath, mesh.vertexCount(), mesh.triangleCount(), train, val,
                test, size, size, supersample, supersample);
        long start = System.nanoTime();
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("nerf-scene").setInitialMax(views)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).setUnit(" views", 1).build()) {
            BlenderSceneWriter.write(scene, out, new BlenderSceneWriter.Settings(size, train, val, test, seed, supersample),
                    name -> bar.step());
        } catch (IOException e) {
            throw new UserInputException("cannot write the data set into " + out + ": " + IoErrors.reason(e), e);
        }
        System.err.printf(Locale.ROOT, "sl2a nerf-scene: %d views in %.1f s; wrote %s%n", views,
                (System.nanoTime() - start) / 1e9, out);
        return 0;
    }

    private static void requireViews(String option, int count) {
        if (count < 1 || count > 100_000) {
            throw new UserInputException(option + " must be from 1 to 100000, got " + count);
        }
    }
}
