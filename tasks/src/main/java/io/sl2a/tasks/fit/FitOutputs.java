package io.sl2a.tasks.fit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sl2a.tasks.image.ImageWriter;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.plot.ConvergencePlot;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes what a fit leaves in its output directory, each file atomically: {@code model.safetensors},
 * {@code reconstruction.png}, {@code convergence.png} and {@code metrics.json}.
 */
public final class FitOutputs {
    public static final String MODEL = "model.safetensors";
    public static final String RECONSTRUCTION = "reconstruction.png";
    public static final String CONVERGENCE = "convergence.png";
    public static final String METRICS = "metrics.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FitOutputs() {
    }

    /**
     * Facts about the run that the metrics record besides the result itself; {@code init}, the
     * {@code --init} checkpoint as given (null: none), goes into the training state, where
     * {@code --resume} compares it with the one a retyped command gives.
     */
    public record RunInfo(String image, int width, int height, int channels, String backend, int batch, double learningRate,
            long seed, String init) {
        public RunInfo(String image, int width, int height, int channels, String backend, int batch, double learningRate,
                long seed) {
            this(image, width, height, channels, backend, batch, learningRate, seed, null);
        }
    }

    public static void write(FitResult result, RunInfo run, Path directory) {
        write(result, run, directory, false);
    }

    /**
     * The outputs of a fit, finished or not; a run stopped before its last epoch (by a signal when
     * {@code interrupted}, else a checkpoint) also leaves {@link TrainingStateFile#NAME}, which a
     * finished run removes. The state goes last, whole and at once ({@link TrainingStateFile}): a
     * run killed anywhere in here leaves the state of this checkpoint or of the one before, and
     * the files before it as new as they got.
     */
    public static void write(FitResult result, RunInfo run, Path directory, boolean interrupted) {
        CheckpointFiles.save(result.config(), result.parameters(), directory.resolve(MODEL));
        try {
            ImageWriter.writePng(result.reconstruction(), directory.resolve(RECONSTRUCTION));
            if (result.psnrPerEpoch().length > 0) {
                ConvergencePlot.writePsnrCurve(result.psnrPerEpoch(), modelTitle(result) + " fit of " + Path.of(run.image()).getFileName(),
                    directory.resolve(CONVERGENCE));
            }
            ObjectNode metrics = metrics(result, run);
            metrics.put("finished", result.finished());
            metrics.put("interrupted", interrupted);
            if (!result.finished()) {
                metrics.put("epochs", result.stopped().run().epochs());
                metrics.put("epochs_done", result.psnrPerEpoch().length);
            }
            AtomicFiles.write(directory.resolve(METRICS), JSON.writeValueAsBytes(metrics));
            // Last: a training state on disk means everything it continues from is written.
            Path state = directory.resolve(TrainingStateFile.NAME);
            if (result.finished()) {
                AtomicFiles.delete(state);
            } else {
                TrainingStateFile.write(state, result.stopped().with(result.stopped().run().withInit(run.init())));
            }
        } catch (IOException e) {
            throw new UserInputException("cannot write outputs to " + directory + ": " + IoErrors.reason(e));
        }
    }

    private static String modelTitle(FitResult result) {
        String name = result.config().model();
        return name.equals("sl2a") ? "SL2A" : name.toUpperCase(java.util.Locale.ROOT);
    }

    static ObjectNode metrics(FitResult result, RunInfo run) {
        ObjectNode root = JSON.createObjectNode();
        root.put("psnr", result.psnr());
        root.put("ssim", result.ssim());
        root.put("params", result.config().parameterCount());
        root.put("epochs", result.psnrPerEpoch().length);
        root.put("train_seconds", result.trainSeconds());
        root.put("samples_per_second", result.samplesPerSecond());
        ArrayNode curve = root.putArray("psnr_per_epoch");
        for (double value : result.psnrPerEpoch()) {
            curve.add(value);
        }
        root.put("image", run.image());
        root.put("width", run.width());
        root.put("height", run.height());
        root.put("channels", run.channels());
        root.put("backend", run.backend());
        root.put("batch", run.batch());
        root.put("lr", run.learningRate());
        root.put("seed", run.seed());
        root.put("grid_path", result.gridPath());
        ObjectNode model = root.putObject("model");
        model.put("model", result.config().model());
        for (Map.Entry<String, String> entry : result.config().metadata().entrySet()) {
            model.put(entry.getKey(), entry.getValue());
        }
        root.put("psnr_note", "psnr and ssim: final model rendered at the image size, clamped to [0,1]; "
                + "psnr_per_epoch: predictions made during each epoch, before each batch's update, as the reference");
        return root;
    }
}
