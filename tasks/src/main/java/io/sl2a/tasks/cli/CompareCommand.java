package io.sl2a.tasks.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sl2a.backend.Backend;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.train.AdamSettings;
import io.sl2a.nn.train.TrainingDivergedException;
import io.sl2a.nn.train.TrainingOptions;
import io.sl2a.tasks.compare.ComparisonGrid;
import io.sl2a.tasks.compare.ComparisonRun;
import io.sl2a.tasks.compare.ComparisonTable;
import io.sl2a.tasks.fit.FitOutputs;
import io.sl2a.tasks.fit.FitResult;
import io.sl2a.tasks.fit.FitSettings;
import io.sl2a.tasks.fit.ImageFit;
import io.sl2a.tasks.fit.MemoryBudget;
import io.sl2a.tasks.fit.ProgressReporter;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.IoErrors;
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
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sl2a compare IMAGE... --models ...}: every model at its own defaults on every image, as
 * the paper's image-fitting comparison; a model that diverges is reported and the others go on.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fit every model at its own defaults to every image and compare them.",
        footer = {"", "Writes into DIR: results.json, table.md, grid.png, convergence.png, and runs/IMAGE/MODEL/ with each"
                + " fit's outputs."})
public final class CompareCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Images to fit (PNG or JPEG).")
    List<Path> images;

    @Option(names = "--models", split = ",", paramLabel = "NAMES",
            description = "Comma-separated models (default: every model; see: sl2a models).")
    List<String> models;

    @Option(names = "--epochs", defaultValue = "100", description = "Passes over the pixels per fit (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every fit (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--downscale", defaultValue = "1", paramLabel = "F",
            description = "Shrink every image by F with area averaging first (default: ${DEFAULT-VALUE}).")
    double downscale;

    @Option(names = "--out", defaultValue = "compare", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() {
        if (epochs < 1) {
            throw new UserInputException("--epochs must be at least 1, got " + epochs);
        }
        List<String> names = models == null || models.isEmpty()
                ? ModelCatalog.MODELS.stream().map(ModelCatalog.Entry::name).toList() : models;
        for (String name : names) {
            ModelCatalog.entry(name);
        }
        Map<String, Image> pictures = new LinkedHashMap<>();
        for (Path path : images) {
            String label = label(path);
            if (pictures.containsKey(label)) {
                throw new UserInputException("two images are named " + label + ": give each image a different file name");
            }
            pictures.put(label, io.sl2a.tasks.image.AreaDownscale.downscale(ImageReader.read(path), downscale));
        }
        AtomicFiles.requireWritableDirectory(out);
        List<ComparisonRun> runs = new ArrayList<>();
        List<ComparisonGrid.Row> rows = new ArrayList<>();
        try (Backend backend = backendOptions.open();
                ProgressBar overall = new ProgressBarBuilder().setTaskName("compare").setInitialMax(
                        (long) names.size() * pictures.size()).setUnit(" fits", 1).setStyle(ProgressBarStyle.ASCII).build()) {
            for (Map.Entry<String, Image> picture : pictures.entrySet()) {
                List<ComparisonRun> ofImage = new ArrayList<>();
                for (String name : names) {
                    ComparisonRun run = fit(picture.getKey(), picture.getValue(), name, backend);
                    ofImage.add(run);
                    overall.step();
                    overall.setExtraMessage(picture.getKey() + " " + name + (run.diverged() ? " diverged"
                            : String.format(" %.2f dB", run.psnr())));
                }
                runs.addAll(ofImage);
                rows.add(new ComparisonGrid.Row(picture.getKey(), picture.getValue(), ofImage));
            }
        }
        List<String> labels = List.copyOf(pictures.keySet());
        try {
            AtomicFiles.write(out.resolve("results.json"), JSON.writeValueAsBytes(results(labels, names, runs)));
            AtomicFiles.write(out.resolve("table.md"), ComparisonTable.markdown(labels, names, runs)
                    .getBytes(StandardCharsets.UTF_8));
            ComparisonGrid.write(rows, out.resolve("grid.png"));
            Map<String, double[]> curves = meanCurves(names, runs);
            if (!curves.isEmpty()) {
                ConvergencePlot.writePsnrCurves(curves, "PSNR during training, mean over " + labels.size() + " image(s)",
                        out.resolve("convergence.png"));
            }
        } catch (IOException e) {
            throw new UserInputException("cannot write outputs to " + out + ": " + IoErrors.reason(e));
        }
        long diverged = runs.stream().filter(ComparisonRun::diverged).count();
        System.err.printf("sl2a compare: %d models on %d images%s; wrote %s%n", names.size(), labels.size(),
                diverged == 0 ? "" : ", " + diverged + " fit(s) diverged", out);
        System.err.print(ComparisonTable.markdown(labels, names, runs));
        return 0;
    }

    private static String label(Path path) {
        String file = path.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    private ComparisonRun fit(String label, Image picture, String name, Backend backend) {
        ModelCatalog.Entry entry = ModelCatalog.entry(name);
        ModelOptions options = new ModelOptions();
        options.model = name;
        ModelConfig config = options.build(2, picture.channels());
        int maxRows = Math.min(entry.batch(), picture.pixelCount());
        MemoryBudget.require(config, maxRows, ImageFit.usesGrid(config, true) ? Math.max(picture.width(), picture.height()) : 0,
                ImageFit.dataBytes(picture), "the image size (--downscale)");
        TrainingOptions training = new TrainingOptions(epochs, entry.batch(), AdamSettings.withLearningRate(entry.learningRate()),
                seed);
        double[] seen = new double[epochs];
        Arrays.fill(seen, Double.NaN);
        try (ConsoleProgress bar = new ConsoleProgress(label + " " + name, epochs);
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
            Path runDirectory = out.resolve("runs").resolve(label).resolve(name);
            AtomicFiles.requireWritableDirectory(runDirectory);
            FitOutputs.write(result, new FitOutputs.RunInfo(label, picture.width(), picture.height(), picture.channels(),
                    backend.description(), entry.batch(), entry.learningRate(), seed), runDirectory);
            return new ComparisonRun(label, name, config.parameterCount(), result.psnr(), result.ssim(), epochs,
                    result.trainSeconds(), result.samplesPerSecond(), result.psnrPerEpoch(), -1, result.reconstruction());
        } catch (TrainingDivergedException e) {
            return new ComparisonRun(label, name, config.parameterCount(), Double.NaN, Double.NaN, epochs, Double.NaN,
                    Double.NaN, Arrays.copyOf(seen, e.epoch()), e.epoch(), null);
        }
    }

    /** PSNR per epoch averaged over the images, per model (the runs that did not diverge). */
    private static Map<String, double[]> meanCurves(List<String> names, List<ComparisonRun> runs) {
        Map<String, double[]> curves = new LinkedHashMap<>();
        for (String name : names) {
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

    private ObjectNode results(List<String> labels, List<String> names, List<ComparisonRun> runs) {
        ObjectNode root = JSON.createObjectNode();
        labels.forEach(root.putArray("images")::add);
        names.forEach(root.putArray("models")::add);
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
