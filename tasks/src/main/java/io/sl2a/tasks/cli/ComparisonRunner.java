package io.sl2a.tasks.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sl2a.backend.Backend;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.train.TrainingDivergedException;
import io.sl2a.nn.train.TrainingOptions;
import io.sl2a.tasks.compare.ComparisonGrid;
import io.sl2a.tasks.compare.ComparisonRun;
import io.sl2a.tasks.compare.ComparisonTable;
import io.sl2a.tasks.compare.Contender;
import io.sl2a.tasks.fit.FitOutputs;
import io.sl2a.tasks.fit.FitResult;
import io.sl2a.tasks.fit.FitSettings;
import io.sl2a.tasks.fit.ImageFit;
import io.sl2a.tasks.fit.MemoryBudget;
import io.sl2a.tasks.fit.ProgressReporter;
import io.sl2a.tasks.image.AreaDownscale;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.OutputDirectory;
import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.plot.ConvergencePlot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Fits every contender to every image and writes what {@code compare} and {@code ablation} show:
 * results.json, table.md (the paper's table shape), grid.png, convergence.png and each fit's own
 * outputs under runs/IMAGE/LABEL/. A contender that diverges is reported and the others go on.
 */
final class ComparisonRunner {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String command;
    private final int epochs;
    private final long seed;
    private final double downscale;
    /** Every fit's batch, or null for each contender's own. */
    private final Integer batch;
    private final Path out;
    private final BackendOptions backendOptions;

    ComparisonRunner(String command, int epochs, long seed, double downscale, Integer batch, Path out,
            BackendOptions backendOptions) {
        this.command = command;
        this.epochs = epochs;
        this.seed = seed;
        this.downscale = downscale;
        this.batch = batch;
        this.out = out;
        this.backendOptions = backendOptions;
    }

    int run(List<Path> images, List<Contender> contenders) {
        if (epochs < 1) {
            throw new UserInputException("--epochs must be at least 1, got " + epochs);
        }
        if (batch != null) {
            if (batch < 1) {
                throw new UserInputException("--batch must be at least 1, got " + batch);
            }
            contenders = contenders.stream().map(c -> new Contender(c.label(), c.config(), c.learningRate(), batch))
                    .toList();
        }
        List<String> labels = contenders.stream().map(Contender::label).toList();
        Map<String, Image> pictures = new LinkedHashMap<>();
        for (Path path : images) {
            String label = fileLabel(path);
            if (pictures.containsKey(label)) {
                throw new UserInputException("two images are named " + label + ": give each image a different file name");
            }
            pictures.put(label, AreaDownscale.downscale(ImageReader.read(path), downscale));
        }
        OutputDirectory.claim(out);
        List<ComparisonRun> runs = new ArrayList<>();
        List<ComparisonGrid.Row> rows = new ArrayList<>();
        try (Backend backend = backendOptions.open();
                ProgressBar overall = new ProgressBarBuilder().setTaskName(command).setInitialMax(
                        (long) contenders.size() * pictures.size()).setUnit(" fits", 1).setStyle(ProgressBarStyle.ASCII)
                        .build()) {
            for (Map.Entry<String, Image> picture : pictures.entrySet()) {
                List<ComparisonRun> ofImage = new ArrayList<>();
                for (Contender contender : contenders) {
                    ComparisonRun run = fit(picture.getKey(), picture.getValue(), contender, backend);
                    ofImage.add(run);
                    overall.step();
                    overall.setExtraMessage(picture.getKey() + " " + contender.label() + (run.diverged() ? " diverged"
                            : String.format(" %.2f dB", run.psnr())));
                }
                runs.addAll(ofImage);
                rows.add(new ComparisonGrid.Row(picture.getKey(), picture.getValue(), ofImage));
            }
        }
        List<String> imageLabels = List.copyOf(pictures.keySet());
        String table = ComparisonTable.markdown(imageLabels, labels, runs);
        try {
            AtomicFiles.write(out.resolve("results.json"), JSON.writeValueAsBytes(results(imageLabels, labels, runs)));
            AtomicFiles.write(out.resolve("table.md"), table.getBytes(StandardCharsets.UTF_8));
            ComparisonGrid.write(rows, out.resolve("grid.png"));
            Map<String, double[]> curves = meanCurves(labels, runs);
            if (!curves.isEmpty()) {
                ConvergencePlot.writePsnrCurves(curves,
                        "PSNR during training, mean over " + imageLabels.size() + " image(s)",
                        out.resolve("convergence.png"));
            }
        } catch (IOException e) {
            throw new UserInputException("cannot write outputs to " + out + ": " + IoErrors.reason(e));
        }
        long diverged = runs.stream().filter(ComparisonRun::diverged).count();
        System.err.printf("sl2a %s: %d models on %d images%s; wrote %s%n", command, labels.size(), imageLabels.size(),
                diverged == 0 ? "" : ", " + diverged + " fit(s) diverged", out);
        System.err.print(table);
        return 0;
    }

    /** An image's name in tables and file names: its file name without the extension. */
    static String fileLabel(Path path) {
        String file = path.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    private ComparisonRun fit(String label, Image picture, Contender contender, Backend backend) {
        ModelConfig config = ModelOptions.boundTo(contender.config().withOutFeatures(picture.channels()), picture);
        int maxRows = Math.min(contender.batch(), picture.pixelCount());
        MemoryBudget.require(config, maxRows, ImageFit.usesGrid(config, true) ? Math.max(picture.width(),
                picture.height()) : 0,
                ImageFit.dataBytes(picture), "the image size (--downscale)");
        TrainingOptions training = new TrainingOptions(epochs, contender.batch(), contender.learningRate(),
                config.spec().adam(), seed);
        double[] seen = new double[epochs];
        Arrays.fill(seen, Double.NaN);
        try (ConsoleProgress bar = new ConsoleProgress(label + " " + contender.label(), epochs);
                ProgressReporter progress = new ProgressReporter() {
                    @Override
                    public void epochDone(io.sl2a.nn.train.EpochResult result) {
                        seen[result.epoch()] = result.psnr();
                        bar.epochDone(result);
                    }

                    @Override
                    public void close() {
                    }
                }) {
            FitResult result = ImageFit.fit(picture, new FitSettings(config, training, null, true), backend, progress);
            Path runDirectory = out.resolve("runs").resolve(label).resolve(contender.label().replace(' ', '-'));
            AtomicFiles.requireWritableDirectory(runDirectory);
            FitOutputs.write(result, new FitOutputs.RunInfo(label, picture.width(), picture.height(),
                    picture.channels(),
                    backend.description(), contender.batch(), contender.learningRate(), seed), runDirectory);
            return new ComparisonRun(label, contender.label(), config.parameterCount(), result.psnr(), result.ssim(),
                    epochs,
                    result.trainSeconds(), result.samplesPerSecond(), result.psnrPerEpoch(), -1,
                            result.reconstruction());
        } catch (TrainingDivergedException e) {
            return new ComparisonRun(label, contender.label(), config.parameterCount(), Double.NaN, Double.NaN, epochs,
                    Double.NaN, Double.NaN, Arrays.copyOf(seen, e.epoch()), e.epoch(), null);
        }
    }

    /** PSNR per epoch averaged over the images, per contender (the runs that did not diverge). */
    private static Map<String, double[]> meanCurves(List<String> labels, List<ComparisonRun> runs) {
        Map<String, double[]> curves = new LinkedHashMap<>();
        for (String name : labels) {
            List<ComparisonRun> ok = runs.stream().filter(r -> r.model().equals(name) && !r.diverged()).toList();
            if (ok.isEmpty()) {
                continue;
            }
            double[] mean = new double[ok.get(0).psnrPerEpoch().length];
            for (ComparisonRun run : ok) {
                for (int e = 0; e < mean.length; e++) {
                    mean[e] += run.psnrPerEpoch()[e] / ok.size();
                }
            }
            curves.put(name, mean);
        }
        return curves;
    }

    private ObjectNode results(List<String> images, List<String> labels, List<ComparisonRun> runs) {
        ObjectNode root = JSON.createObjectNode();
        images.forEach(root.putArray("images")::add);
        labels.forEach(root.putArray("models")::add);
        root.put("epochs", epochs);
        root.put("seed", seed);
        ArrayNode list = root.putArray("runs");
        for (ComparisonRun run : runs) {
            ObjectNode node = list.addObject();
            node.put("image", run.image());
            node.put("model", run.model());
            node.put("params", run.params());
            node.put("diverged", run.diverged());
            if (run.diverged()) {
                node.put("diverged_at_epoch", run.divergedAtEpoch() + 1);
            } else {
                node.put("psnr", run.psnr());
                node.put("ssim", run.ssim());
                node.put("train_seconds", run.trainSeconds());
                node.put("samples_per_second", run.samplesPerSecond());
            }
            node.put("epochs", run.epochs());
            ArrayNode curve = node.putArray("psnr_per_epoch");
            for (double value : run.psnrPerEpoch()) {
                curve.add(value);
            }
        }
        return root;
    }
}
