package io.sl2a.tasks.cli;

import io.sl2a.backend.Backend;
import io.sl2a.nn.models.NerfFieldConfig;
import io.sl2a.nn.objectives.RadianceField;
import io.sl2a.nn.operators.VolumeRendering;
import io.sl2a.tasks.io.OutputDirectory;
import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.nerf.NerfDataset;
import io.sl2a.tasks.nerf.NerfRun;
import io.sl2a.tasks.nerf.NerfSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sl2a nerf DATASET}: a radiance field trained on the posed views of a NeRF-synthetic
 * (Blender) dataset, any model as its position network, rendered on the device; judged on the test
 * views, with an orbit of novel views.
 */
@Command(name = "nerf", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a radiance field on a NeRF-synthetic (Blender) dataset; test-view PSNR and SSIM, novel views.",
        footer = {"", "Writes into DIR: test/NAME.png (render beside ground truth), depth/NAME.png, turntable.gif,"
                + " convergence.png, metrics.json, model.safetensors, and run-state.safetensors (for --resume)."})
public final class NerfCommand implements Callable<Integer>, CommandDefaults {
    @Parameters(index = "0", paramLabel = "DATASET",
            description = "A folder with transforms_{train,test}.json and their"
            + " RGBA images (composited on white).")
    Path dataset;

    @Option(names = "--train-views", paramLabel = "N", description = "Train on N of the training views, every k-th"
            + " (FINER takes 25 of 100; default: all).")
    Integer trainViews;

    @Option(names = "--test-views", paramLabel = "N", description = "Evaluate on the first N test views, every k-th"
            + " (default: all).")
    Integer testViews;

    @Option(names = "--downscale", defaultValue = "1", paramLabel = "F", description = "Shrink every view by F (area"
            + " averaging; FINER's 4 gives 200x200; default: ${DEFAULT-VALUE}).")
    int downscale;

    @Option(names = "--samples", defaultValue = "64", paramLabel = "S",
            description = "Samples a ray, stratified between"
            + " near and far (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--rays", defaultValue = "1024", paramLabel = "R",
            description = "Rays a step (default: ${DEFAULT-VALUE};"
            + " torch-ngp's 4096).")
    int rays;

    @Option(names = "--near", description = "Nearest sample's distance (default: from the cameras; see docs/cli.md).")
    Double near;

    @Option(names = "--far", description = "Farthest sample's distance (default: from the cameras).")
    Double far;

    @Option(names = "--iterations", paramLabel = "N", description = "Training steps (default: 2000).")
    Integer iterations;

    @Option(names = "--epochs", paramLabel = "E",
            description = "Instead of --iterations: passes over the training pixels"
            + " (iterations = E x pixels / rays).")
    Double epochs;

    @Option(names = "--lr", defaultValue = "5e-4", description = "Adam learning rate, decayed to a tenth over the run"
            + " (default: ${DEFAULT-VALUE}; FINER's NeRF 2e-4 for 37,500 iterations).")
    double lr;

    @Option(names = "--features", defaultValue = "32", description = "Features the position network gives the density"
            + " and colour heads (default: ${DEFAULT-VALUE}).")
    int features;

    @Option(names = "--color-width", defaultValue = "64",
            description = "Colour head's width (default: ${DEFAULT-VALUE}).")
    int colorWidth;

    @Option(names = "--color-layers", defaultValue = "2", description = "Colour head's hidden layers (default:"
            + " ${DEFAULT-VALUE}).")
    int colorLayers;

    @Option(names = "--grid", defaultValue = "32", paramLabel = "G", description = "An occupancy grid of G^3 cells that"
            + " skips empty space, refreshed every 16 steps as instant-ngp's (torch-ngp's -O, which FINER's NeRF runs"
            + " with; default: ${DEFAULT-VALUE}; 0: none, samples over the whole depth range).")
    int gridResolution;

    @Option(names = "--orbit", defaultValue = "24", paramLabel = "N", description = "Frames of turntable.gif (default:"
            + " ${DEFAULT-VALUE}; 0: none).")
    int orbitFrames;

    @Option(names = "--checkpoint-every", defaultValue = "500", paramLabel = "N",
            description = "Write model.safetensors"
            + " and the run state every N iterations (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--resume", paramLabel = "DIR",
            description = "Continue the run whose outputs are in DIR (its settings"
            + " and model; written there again).")
    Path resume;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the initialisation and every ray drawn"
            + " (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    OutputFlag output;

    @Mixin
    BackendOptions backendOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        requirePositive("--samples", samples, 2);
        requirePositive("--rays", rays, 1);
        requirePositive("--downscale", downscale, 1);
        requirePositive("--features", features, 1);
        requirePositive("--color-width", colorWidth, 1);
        requirePositive("--color-layers", colorLayers, 1);
        requirePositive("--checkpoint-every", checkpointEvery, 1);
        if (gridResolution < 0 || gridResolution > 256) {
            throw new UserInputException("--grid must be from 0 (none) to 256, got " + gridResolution);
        }
        if (orbitFrames < 0) {
            throw new UserInputException("--orbit must not be negative, got " + orbitFrames);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new UserInputException("--lr must be a positive number, got " + lr);
        }
        if (iterations != null && epochs != null) {
            throw new UserInputException("give --iterations or --epochs, not both");
        }
        if (trainViews != null) {
            requirePositive("--train-views", trainViews, 1);
        }
        if (testViews != null) {
            requirePositive("--test-views", testViews, 1);
        }
        if (resume != null) {
            FitCommand.requireOwnDirectory(spec.commandLine().getParseResult().hasMatchedOption("--out"), output.out,
                    resume);
            output.out = resume;
        }
        NerfDataset train = NerfDataset.loadSpread(dataset, "train", trainViews == null ? 0 : trainViews, downscale);
        NerfDataset test = NerfDataset.loadSpread(dataset, "test", testViews == null ? 0 : testViews, downscale);
        List<NerfDataset.View> trainList = train.views();
        List<NerfDataset.View> testList = test.views();
        NerfDataset.NearFar range = train.nearFar();
        double nearValue = near != null ? near : range.near();
        double farValue = far != null ? far : range.far();
        if (!(nearValue >= 0 && farValue > nearValue)) {
            throw new UserInputException("the depth range needs 0 <= --near < --far, got " + nearValue + " and " + farValue);
        }
        long pixels = 0;
        for (NerfDataset.View v : trainList) {
            pixels += (long) v.camera().width() * v.camera().height();
        }
        int steps = iterations != null ? iterations : epochs != null ? (int) Math.max(1,
                Math.round(epochs * pixels / rays))
                : 2000;
        requirePositive("--iterations", steps, 1);
        NerfFieldConfig config;
        try {
            config = NerfFieldConfig.of(modelOptions.build(3, features), features, colorWidth, colorLayers);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("invalid field: " + e.getMessage());
        }
        NerfSettings settings = new NerfSettings(rays, samples, nearValue, farValue, 1f, steps, lr, seed);
        OutputDirectory.claim(output.out);
        try (StopOnSignal signal = new StopOnSignal(); Backend backend = backendOptions.open();
                RadianceField network = RadianceField.create(backend, config.graph(),
                        NerfRun.ADAM, new VolumeRendering(rays, samples, 1f))) {
            NerfRun run = new NerfRun(config, network, settings, trainList, testList, output.out, checkpointEvery,
                    orbitFrames,
                    resume != null, gridResolution);
            System.err.printf(Locale.ROOT,
                    "sl2a nerf: %s, %d training views, %d test views, %dx%d, near %.3g far %.3g, %s"
                    + " field (%,d parameters), %d rays x %d samples a step, %d iterations, %s%n", dataset,
                            trainList.size(),
                    testList.size(), trainList.get(0).camera().width(), trainList.get(0).camera().height(), nearValue,
                    farValue, config.position().model(), config.parameterCount(), rays, samples, steps,
                            backend.description());
            NerfRun.Trained trained;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("nerf").setInitialMax(steps).setUnit(" it", 1)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).build()) {
                trained = run.train(signal::requested, bar::stepTo);
            }
            // A stop ends the run here, not after minutes of rendering: the pictures and metrics
            // need the finished field, and --resume (or nerf-render) makes them later.
            if (!trained.finished()) {
                System.err.printf("sl2a nerf: stopped at iteration %d of %d; wrote %s and %s in %s. The test views,"
                        + " depth maps, turntable.gif and metrics.json need the finished run: the same command with"
                        + " --resume %s trains the rest and writes them (views of this model now: sl2a nerf-render"
                        + " %s)%n", trained.progress().iterations(), steps, NerfRun.MODEL, NerfRun.STATE, output.out,
                        output.out, output.out.resolve(NerfRun.MODEL));
                return Main.INTERRUPTED;
            }
            System.err.printf("sl2a nerf: rendering %d test views%s%n", run.testViews(), orbitFrames > 0 ? " and "
                    + orbitFrames + " orbit frames" : "");
            NerfRun.Summary summary = run.evaluate(trained, signal::requested);
            if (summary == null) {
                System.err.printf("sl2a nerf: stopped while rendering, training done (%d iterations); wrote %s and %s in"
                        + " %s. The test views, depth maps, turntable.gif and metrics.json are written by the same command"
                        + " with --resume %s (it renders at once), or views by: sl2a nerf-render %s%n", steps,
                        NerfRun.MODEL, NerfRun.STATE, output.out, output.out, output.out.resolve(NerfRun.MODEL));
                return Main.INTERRUPTED;
            }
            System.err.printf(Locale.ROOT, "sl2a nerf: test PSNR %.2f dB, SSIM %.4f on %d views after %d iterations in"
                    + " %.1f s (%,.0f rays/s)%s; wrote %s%n", summary.testPsnr(), summary.testSsim(), testList.size(),
                    summary.iterations(), summary.trainSeconds(), summary.raysPerSecond(),
                    summary.finished() ? "" : " (stopped early; --resume " + output.out + " continues)", output.out);
        }
        return 0;
    }

    private static void requirePositive(String option, int value, int least) {
        if (value < least) {
            throw new UserInputException(option + " must be at least " + least + ", got " + value);
        }
    }

    @Override
    public Map<String, String> optionDefaults() {
        return Map.of("--out", "nerf");
    }
}
