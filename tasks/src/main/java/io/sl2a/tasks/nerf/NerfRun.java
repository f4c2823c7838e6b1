package io.sl2a.tasks.nerf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.nn.models.NerfFieldConfig;
import io.sl2a.nn.objectives.RadianceField;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageWriter;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.metrics.Psnr;
import io.sl2a.tasks.metrics.Ssim;
import io.sl2a.tasks.plot.LinePlot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * One NeRF run from start (or a resumed state) to its outputs: training with checkpoints, then the
 * test views rendered and scored, depth maps, an orbit of novel views, the convergence curve and
 * metrics.json. The network is already on its backend.
 */
public final class NerfRun {
    /** What the command prints at the end. */
    public record Summary(double testPsnr, double testSsim, int iterations, double trainSeconds, double raysPerSecond,
            boolean finished) {
    }

    private final NerfFieldConfig config;
    private final RadianceField field;
    private final NerfSettings settings;
    private final List<NerfDataset.View> train;
    private final List<NerfDataset.View> test;
    private final Path out;
    private final int checkpointEvery;
    private final int orbitFrames;
    private final NerfScene scene;
    private final NerfRunState resumed;
    private final OccupancyGrid grid;
    private final int gridResolution;

    /**
     * A run writing into {@code out}; with {@code resume}, the one stopped there, whose state is read
     * and checked here (the same settings and field), before anything is trained.
     */
    public NerfRun(NerfFieldConfig config, RadianceField field, NerfSettings settings, List<NerfDataset.View> train,
            List<NerfDataset.View> test, Path out, int checkpointEvery, int orbitFrames, boolean resume,
                    int gridResolution) {
        this.config = config;
        this.field = field;
        this.settings = settings;
        this.train = train;
        this.test = test;
        this.out = out;
        this.checkpointEvery = checkpointEvery;
        this.orbitFrames = orbitFrames;
        this.scene = NerfScene.of(train, settings.near(), settings.far(), settings.samples(), settings.background());
        this.gridResolution = gridResolution;
        this.resumed = resume ? NerfRunState.read(out) : null;
        if (resumed != null) {
            requireSameRun(resumed.settings(), describe());
        }
        // The grid covers the sphere the default depth range assumes: half the cameras' mean distance.
        double bound = scene.orbitRadius() / 2;
        this.grid = gridResolution == 0 ? null : resumed != null && resumed.grid() != null
                ? OccupancyGrid.of(gridResolution, bound, resumed.grid()) : new OccupancyGrid(gridResolution, bound);
    }

    /** torch-ngp's (and FINER's) Adam for NeRF: betas 0.9 and 0.99, eps 1e-15. */
    public static final AdamSettings ADAM = NerfTrainer.ADAM;
    /** The field's checkpoint in the output directory. */
    public static final String MODEL = "model.safetensors";
    /** What a stopped run continues from ({@code --resume}). */
    public static final String STATE = NerfRunState.FILE;

    /** How training went: what {@link #evaluate} reports beside the test views. */
    public record Trained(NerfTrainer.Progress progress, int start, boolean finished) {
    }

    /** Trains (from the stopped run's state when resumed) and writes the model and the run state. */
    public Trained train(BooleanSupplier stop, IntConsumer progress) {
        int start = 0;
        double[] psnrSoFar = new double[0];
        if (resumed != null) {
            field.network().setParameters(resumed.parameters());
            field.network().setOptimizerState(resumed.moments());
            start = resumed.iterations();
            psnrSoFar = resumed.psnr();
            restoreModel();
        } else {
            field.network().setParameters(config.graph().initialParameters(settings.seed()));
        }
        NerfTrainer trainer = new NerfTrainer(field, new TrainingRays(train), settings, grid);
        double[] psnr = java.util.Arrays.copyOf(psnrSoFar, settings.iterations());
        java.util.Arrays.fill(psnr, start, psnr.length, Double.NaN);
        NerfTrainer.Progress run = trainer.run(start, psnr, stop, done -> {
            progress.accept(done);
            if (done % checkpointEvery == 0 && done < settings.iterations()) {
                writeState(done, psnr);
            }
        });
        writeState(run.iterations(), run.psnr());
        return new Trained(run, start, run.iterations() == settings.iterations());
    }

    /** Renders and scores the test views, the orbit, and writes the pictures and metrics.json. */
    public Summary evaluate(Trained trained) {
        return evaluate(trained, () -> false);
    }

    /**
     * As {@link #evaluate(Trained)}, or null once {@code stop} says so (asked between two chunks of
     * rays): a stop while rendering is as prompt as one while training. The model and the run state
     * are on disk by then, so a run with {@code --resume} renders what is left.
     */
    public Summary evaluate(Trained trained, BooleanSupplier stop) {
        try {
            return evaluate(trained.progress(), trained.start(), trained.finished(), stop);
        } catch (IOException e) {
            throw new UserInputException("cannot write outputs to " + out + ": " + IoErrors.reason(e));
        }
    }

    /**
     * The model, then the run state, each whole and at once; the state holds the parameters too
     * and is all {@code --resume} reads, so a run killed between the two files continues from the
     * earlier state (and puts its model back: {@link #restoreModel}).
     */
    private void writeState(int iterations, double[] psnr) {
        try {
            Files.createDirectories(out);
            AtomicFiles.write(out.resolve(MODEL), checkpoint());
            new NerfRunState(field.network().parameters(), field.network().optimizerState(), iterations, psnr,
                    grid == null ? null : grid.densities(), describe()).write(out);
        } catch (IOException e) {
            throw new UserInputException("cannot write a checkpoint to " + out + ": " + IoErrors.reason(e));
        }
    }

    private byte[] checkpoint() {
        return new NerfCheckpoint(new ModelCheckpoint(config, field.network().parameters()), scene, grid).toBytes();
    }

    /**
     * Where {@code model.safetensors} is not the model of the state being resumed (a run killed
     * after writing a newer model and before its state), puts the state's back.
     */
    private void restoreModel() {
        byte[] expected = checkpoint();
        Path file = out.resolve(MODEL);
        try {
            if (Files.isRegularFile(file) && java.util.Arrays.equals(expected, Files.readAllBytes(file))) {
                return;
            }
        } catch (IOException e) {
            // Unreadable: written again below.
        }
        try {
            AtomicFiles.write(file, expected);
        } catch (IOException e) {
            throw new UserInputException("cannot write a checkpoint to " + out + ": " + IoErrors.reason(e));
        }
        System.err.println("sl2a nerf: " + file + " did not hold the model of " + NerfRunState.FILE + " (a run stopped"
                + " between writing the two); put the state's back");
    }

    /** Everything that decides a run, so that --resume continues only the same one. */
    private Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("rays", Integer.toString(settings.rays()));
        m.put("samples", Integer.toString(settings.samples()));
        m.put("near", Double.toString(settings.near()));
        m.put("far", Double.toString(settings.far()));
        m.put("iterations", Integer.toString(settings.iterations()));
        m.put("lr", Double.toString(settings.learningRate()));
        m.put("seed", Long.toString(settings.seed()));
        m.put("training_views", Integer.toString(train.size()));
        m.put("grid", Integer.toString(gridResolution));
        config.metadata().forEach((k, v) -> m.put("field." + k, v));
        return m;
    }

    private static void requireSameRun(Map<String, String> saved, Map<String, String> now) {
        for (Map.Entry<String, String> e : now.entrySet()) {
            String before = saved.get(e.getKey());
            if (!e.getValue().equals(before)) {
                throw new UserInputException("--resume: the run there had " + e.getKey() + " = " + before + ", this one "
                        + e.getValue() + "; give the same options as the run being resumed");
            }
        }
    }

    public int testViews() {
        return test.size();
    }

    private Summary evaluate(NerfTrainer.Progress run, int start, boolean finished, BooleanSupplier stop)
            throws IOException {
        Files.createDirectories(out.resolve("test"));
        Files.createDirectories(out.resolve("depth"));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        ArrayNode perView = root.putArray("per_view");
        double psnrSum = 0;
        double ssimSum = 0;
        for (NerfDataset.View view : test) {
            ViewRenderer.Rendered r = ViewRenderer.render(field, view.camera(), settings.near(), settings.far(), grid,
                    stop);
            if (r == null) {
                return null;
            }
            double psnr = Psnr.psnr(r.rgb().pixels(), view.image().pixels());
            double ssim = Ssim.ssim(r.rgb(), view.image());
            psnrSum += psnr;
            ssimSum += ssim;
            ObjectNode v = perView.addObject();
            v.put("view", view.name());
            v.put("psnr", psnr);
            v.put("ssim", ssim);
            // "test/r_0" -> r_0.png in test/ and depth/
            String file = view.name().substring(view.name().lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]",
                    "_") + ".png";
            writePng(sideBySide(r.rgb(), view.image()), out.resolve("test").resolve(file));
            writePng(r.depthImage(settings.near(), settings.far()), out.resolve("depth").resolve(file));
        }
        double testPsnr = psnrSum / test.size();
        double testSsim = ssimSum / test.size();
        if (orbitFrames > 0) {
            List<Image> frames = new ArrayList<>();
            for (Camera camera : scene.orbit(orbitFrames, scene.width(), scene.height())) {
                ViewRenderer.Rendered frame = ViewRenderer.render(field, camera, settings.near(), settings.far(), grid,
                        stop);
                if (frame == null) {
                    return null;
                }
                frames.add(frame.rgb());
            }
            AtomicFiles.write(out.resolve("turntable.gif"), stream -> AnimatedGif.write(frames, 100, stream));
        }
        double[] x = new double[run.iterations()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
        }
        Map<String, double[][]> lines = new LinkedHashMap<>();
        lines.put("training batch PSNR", new double[][] {x, java.util.Arrays.copyOf(run.psnr(), run.iterations())});
        LinePlot.write(lines, "NeRF training (" + config.position().model() + ")", "iteration", "PSNR (dB)", false,
                false,
                out.resolve("convergence.png"));
        double raysPerSecond = (run.iterations() - start) * (double) settings.rays() / run.seconds();
        root.put("test_psnr", testPsnr);
        root.put("test_ssim", testSsim);
        root.put("iterations", run.iterations());
        root.put("finished", finished);
        root.put("train_seconds", run.seconds());
        root.put("rays_per_second", raysPerSecond);
        root.put("samples_per_second", raysPerSecond * settings.samples());
        root.put("params", config.parameterCount());
        root.put("rays", settings.rays());
        root.put("samples", settings.samples());
        root.put("near", settings.near());
        root.put("far", settings.far());
        root.put("lr", settings.learningRate());
        root.put("seed", settings.seed());
        root.put("training_views", train.size());
        root.put("grid", gridResolution);
        if (grid != null) {
            root.put("grid_occupancy", grid.occupancy());
        }
        root.put("test_views", test.size());
        root.put("width", scene.width());
        root.put("height", scene.height());
        ObjectNode model = root.putObject("model");
        config.metadata().forEach(model::put);
        // The per-view list last: the summary first when a person opens the file.
        root.set("per_view", root.remove("per_view"));
        AtomicFiles.write(out.resolve("metrics.json"), json.writeValueAsBytes(root));
        return new Summary(testPsnr, testSsim, run.iterations(), run.seconds(), raysPerSecond, finished);
    }

    private static void writePng(Image image, Path file) throws IOException {
        ImageWriter.writePng(image, file);
    }

    /** The render on the left, the ground truth on the right. */
    static Image sideBySide(Image left, Image right) {
        int w = left.width();
        int h = left.height();
        int c = left.channels();
        float[] pixels = new float[2 * w * h * c];
        for (int y = 0; y < h; y++) {
            System.arraycopy(left.pixels(), y * w * c, pixels, (y * 2 * w) * c, w * c);
            System.arraycopy(right.pixels(), y * w * c, pixels, (y * 2 * w + w) * c, w * c);
        }
        return new Image(2 * w, h, c, pixels);
    }
}
