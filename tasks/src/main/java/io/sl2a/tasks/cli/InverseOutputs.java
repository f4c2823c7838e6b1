package io.sl2a.tasks.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.models.Sl2aConfig;
import io.sl2a.tasks.compare.ComparisonRun;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.inverse.DegreeSearch;
import io.sl2a.tasks.inverse.HoldOut;
import io.sl2a.tasks.inverse.MeasuredFit;
import io.sl2a.tasks.inverse.ValidationCurve;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.metrics.Psnr;
import io.sl2a.tasks.metrics.Ssim;
import io.sl2a.tasks.plot.ValidationPlot;
import java.io.IOException;
import java.nio.file.Path;

/** What the inverse-problem commands (inpaint, superres, ct) check and write alike. */
final class InverseOutputs {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private InverseOutputs() {
    }

    /** Refuses steps below 1, a batch below 1 and a learning rate that is not positive (null: not given). */
    static void requireTraining(String stepsFlag, int steps, Integer batch, Double lr) {
        if (steps < 1) {
            throw new UserInputException(stepsFlag + " must be at least 1, got " + steps);
        }
        if (batch != null && batch < 1) {
            throw new UserInputException("--batch must be at least 1, got " + batch);
        }
        if (lr != null && !(lr > 0)) {
            throw new UserInputException("--lr must be positive, got " + lr);
        }
    }

    /** PSNR and SSIM of a result against the ground truth (clamped to [0, 1], as every rendering is judged). */
    record Scores(double psnr, double ssim) {
        static Scores of(Image result, Image truth) {
            return new Scores(Psnr.psnr(result.pixels(), truth.pixels()), Ssim.ssim(result, truth));
        }

        void into(ObjectNode node, double seconds) {
            node.put("seconds", seconds);
            node.put("psnr", psnr);
            node.put("ssim", ssim);
        }
    }

    /** A copy with every value clamped to [0, 1], as a rendering is (a baseline may overshoot). */
    static Image clamped(Image image) {
        float[] values = image.pixels().clone();
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.min(1.0f, Math.max(0.0f, values[i]));
        }
        return new Image(image.width(), image.height(), image.channels(), values);
    }

    /** The network's column of a comparison.png. */
    static ComparisonRun networkColumn(String image, ModelConfig config, Scores scores, MeasuredFit.Result fit) {
        return column(image, config.model(), scores.psnr(), scores.ssim(), fit.trainSeconds(), fit.reconstruction());
    }

    /** The trained model as model.safetensors in {@code out}. */
    static void writeModel(Path out, ModelConfig config, MeasuredFit.Result fit) throws IOException {
        AtomicFiles.write(out.resolve("model.safetensors"), new ModelCheckpoint(config, fit.parameters()).toBytes());
    }

    /** metrics.json's first fields: the ground truth. */
    static ObjectNode metricsOf(Path imagePath, Image truth) {
        ObjectNode root = JSON.createObjectNode();
        root.put("image", imagePath.toString());
        root.put("width", truth.width());
        root.put("height", truth.height());
        return root;
    }

    /** The network's entry of metrics.json: its configuration, its training and its scores. */
    static ObjectNode networkEntry(ObjectNode root, String key, ModelConfig config, MeasuredFit.Result fit, double lr,
            Scores scores) {
        ObjectNode model = root.putObject(key);
        model.put("model", config.model());
        if (config.spec().option("degree") != null) {
            model.put("degree", (Integer) config.optionValues().get(config.spec().option("degree")));
        }
        model.put("params", config.parameterCount());
        model.put("steps", fit.steps());
        model.put("lr", lr);
        model.put("grid_path", fit.gridPath());
        scores.into(model, fit.trainSeconds());
        return model;
    }

    /**
     * Whether the command chooses SL2A's degree on held-out observations: only for sl2a (the other
     * models have no degree) and only when the degree is not given (--degree or --model-config);
     * null when it does, else why not (metrics.json says it).
     */
    static String noSearchReason(ModelOptions options) {
        if (!options.spec().name().equals(Sl2aConfig.NAME)) {
            return "--model " + options.spec().name() + " has no degree to choose";
        }
        if (options.gives("degree")) {
            return "--degree given: no search, every observation fitted at that degree for every step";
        }
        return null;
    }

    /** What the degree search did, for metrics.json and validation.png. */
    record Search(DegreeSearch.Choice choice, HoldOut split, double seconds, String metric, String reason) {
        static Search skipped(String reason) {
            return new Search(null, null, 0, null, reason);
        }

        /** metrics.json's "validation" entry. */
        void into(ObjectNode root) {
            ObjectNode node = root.putObject("validation");
            node.put("search", choice != null);
            if (choice == null) {
                node.put("reason", reason);
                return;
            }
            node.put("share", HoldOut.SHARE);
            node.put("held_out", split.validation().length);
            node.put("fitted", split.fit().length);
            node.put("metric", metric);
            ArrayNode candidates = node.putArray("candidates");
            choice.curves().forEach(curve -> candidates.add(curve.degree()));
            node.put("chosen_degree", choice.degree());
            node.put("chosen_steps", choice.steps());
            node.put("chosen_psnr", choice.psnr());
            node.put("search_seconds", seconds);
            ArrayNode curves = node.putArray("curves");
            for (ValidationCurve curve : choice.curves()) {
                ObjectNode entry = curves.addObject();
                entry.put("degree", curve.degree());
                entry.put("best_steps", curve.bestSteps());
                entry.put("best_psnr", curve.bestPsnr());
                entry.put("train_seconds", curve.seconds());
                ArrayNode steps = entry.putArray("steps");
                ArrayNode psnr = entry.putArray("psnr");
                for (int i = 0; i < curve.steps().length; i++) {
                    steps.add(curve.steps()[i]);
                    psnr.add(curve.psnr()[i]);
                }
            }
        }

        /** validation.png in {@code out}, when there was a search. */
        void plot(Path out, String yLabel) throws IOException {
            if (choice != null) {
                ValidationPlot.write(choice, yLabel, out.resolve("validation.png"));
            }
        }
    }

    /** Refuses --steps with --epochs (two lengths for one run) and a length below 1. */
    static void requireOneLength(Integer steps, Integer epochs) {
        if (steps != null && epochs != null) {
            throw new UserInputException("give --steps or --epochs, not both");
        }
        if (steps != null && steps < 1) {
            throw new UserInputException("--steps must be at least 1, got " + steps);
        }
    }

    /** One labelled picture of a comparison.png. */
    static ComparisonRun column(String image, String label, double psnr, double ssim, double seconds, Image picture) {
        return new ComparisonRun(image, label, 0, psnr, ssim, 0, seconds, 0, new double[0], -1, picture);
    }
}
