package io.sl2a.tasks.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sl2a.backend.Backend;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.models.ModelSpec;
import io.sl2a.nn.train.TrainingOptions;
import io.sl2a.tasks.fit.ImageFit;
import io.sl2a.tasks.fit.MemoryBudget;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.OutputDirectory;
import io.sl2a.tasks.io.Plural;
import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.occupancy.OccupancyCheckpoint;
import io.sl2a.tasks.occupancy.OccupancyFit;
import io.sl2a.tasks.occupancy.OccupancyState;
import io.sl2a.tasks.plot.LinePlot;
import io.sl2a.tasks.volume.MarchingCubes;
import io.sl2a.tasks.volume.MeshPreview;
import io.sl2a.tasks.volume.MeshReader;
import io.sl2a.tasks.volume.PlyWriter;
import io.sl2a.tasks.volume.TriangleMesh;
import io.sl2a.tasks.volume.VoxelCache;
import io.sl2a.tasks.volume.VoxelGrid;
import io.sl2a.tasks.volume.Voxeliser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.CRC32;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sl2a occupancy MESH}: the mesh's inside, voxelised on an N^3 grid, fitted by a network of
 * any model; judged by IoU, and turned back into a mesh by marching cubes.
 */
@Command(name = "occupancy", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Fit a model to the occupancy of a triangle mesh (PLY, OBJ, OFF); IoU, marching cubes, a preview.",
        footer = {"",
                "Writes into DIR: mesh.ply, gt.ply, preview.png, iou.png, metrics.json, model.safetensors, and the voxel cache"
                + " MESH.N.voxels (a second run with the same DIR does not voxelise again); a stopped run (Ctrl-C,"
                + " SIGTERM) or a checkpoint leaves training_state.safetensors for --resume."})
public final class OccupancyCommand implements Callable<Integer>, CommandDefaults {
    /** WIRE's wire_occupancy.py: 2e5 points a minibatch. */
    static final int BATCH = 200_000;
    /** The largest grid whose coordinates and grid indices (3 floats a voxel each) fit in Java arrays. */
    static final int MAX_RESOLUTION = 812;

    @Parameters(index = "0", paramLabel = "MESH", description = "The triangle mesh (PLY ascii or binary, OBJ, OFF).")
    Path meshPath;

    @Option(names = "--resolution", defaultValue = "128", paramLabel = "N",
            description = "Voxels a side of the grid (default: ${DEFAULT-VALUE}; the paper's 512 where memory allows).")
    int resolution;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--iou-every", paramLabel = "K", description = "Measure the IoU every K epochs (default: a tenth of"
            + " --epochs); the last epoch is always measured.")
    Integer iouEvery;

    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Every N epochs, write model.safetensors and"
            + " training_state.safetensors (a run stopped by Ctrl-C or SIGTERM writes them too).")
    Integer checkpointEvery;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the stopped run in DIR (its settings, Adam"
            + " state and place; options given again must have the run's values) and write into DIR.")
    Path resume;

    @Mixin
    TrainingFlags training;

    @Mixin
    BatchFlag batching;

    @Mixin
    OutputFlag output;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() {
        InverseOutputs.requireTraining("--epochs", training.epochs, batching.batch, training.lr);
        if (checkpointEvery != null && checkpointEvery < 1) {
            throw new UserInputException("--checkpoint-every must be at least 1, got " + checkpointEvery);
        }
        OccupancyState resumed = null;
        if (resume != null) {
            FitCommand.requireOwnDirectory(training.given("--out"), output.out, resume);
            output.out = resume;
            // Taken before the state is read: a run still writing into DIR is neither read half-way nor joined.
            OutputDirectory.claim(output.out);
            resumed = OccupancyState.read(resume);
            keepTheRunsSettings(resumed.settings());
        }
        if (resolution < 8 || resolution > MAX_RESOLUTION) {
            throw new UserInputException("--resolution must be from 8 to " + MAX_RESOLUTION + ", got " + resolution);
        }
        if (iouEvery != null && iouEvery < 1) {
            throw new UserInputException("--iou-every must be at least 1, got " + iouEvery);
        }
        long voxels = (long) resolution * resolution * resolution;
        ModelSpec entry = resumed != null ? resumed.model().model().config().spec() : modelOptions.spec();
        ModelConfig config;
        if (resumed != null) {
            config = resumed.model().model().config();
            modelOptions.requireAgreement(config, "the run in " + resume);
        } else {
            config = modelOptions.build(3, 1);
        }
        double lr = training.lr != null ? training.lr : entry.learningRate();
        // Voxels, coordinates and grid indices, targets, the predicted field, the fields marching cubes reads.
        MemoryBudget.require(config, (int) Math.min(batching.batch, voxels), ImageFit.usesGrid(config,
                true) ? resolution : 0,
                voxels * (1 + 12 + 12 + 4 + 4 + 4), "--resolution or --batch");
        TriangleMesh mesh = MeshReader.read(meshPath);
        if (resumed == null) {
            OutputDirectory.claim(output.out);
        }
        if (!mesh.isClosed()) {
            System.err.printf("sl2a occupancy: warning: %s is not closed (%,d boundary edges, %,d non-manifold); the inside"
                    + " is decided by a majority of three ray directions%n", meshPath, mesh.boundaryEdgeCount(),
                    mesh.nonManifoldEdgeCount());
        }
        System.err.printf(Locale.ROOT,
                "sl2a occupancy: %s, %,d vertices, %,d triangles, grid %d^3 (%,d voxels), %s, %,d"
                + " parameters%s%n", meshPath, mesh.vertexCount(), mesh.triangleCount(), resolution, voxels,
                        config.model(),
                config.parameterCount(), resumed == null ? "" : ", resuming at epoch "
                        + (resumed.saved().state().epoch() + 1) + " of " + training.epochs);
        VoxelGrid grid;
        OccupancyFit.Result fit;
        // The backend before the voxels: an option of its found wrong afterwards would leave the voxel cache behind.
        try (Backend backend = backendOptions.open()) {
            grid = voxelise(mesh);
            VoxelGrid voxelGrid = grid;
            boolean[] inside = grid.occupancy();
            long checksum = checksum(inside);
            if (resumed != null && (resumed.settings().voxelsInside() != grid.insideCount()
                    || resumed.settings().voxelChecksum() != checksum)) {
                throw new UserInputException(meshPath + " does not give the voxels the run in " + resume
                        + " was fitted to (" + resumed.settings().voxelsInside() + " inside, this mesh "
                        + grid.insideCount() + ")");
            }
            int every = iouEvery != null ? iouEvery : Math.max(1, training.epochs / 10);
            OccupancyState.Settings settings = new OccupancyState.Settings(resolution, training.epochs,
                    batching.batch, lr, training.seed, every, grid.insideCount(), checksum);
            if (resumed != null) {
                restoreModel(resumed.model());
            }
            try (StopOnSignal signal = new StopOnSignal();
                    ConsoleProgress bar = new ConsoleProgress("occupancy", training.epochs, " epochs",
                            r -> String.format(Locale.ROOT, "MSE %.3g", r.mse()))) {
                OccupancyFit.Control control = new OccupancyFit.Control(signal::requested,
                        checkpointEvery == null ? 0 : checkpointEvery,
                        saved -> checkpoint(config, voxelGrid, saved, settings));
                fit = OccupancyFit.fit(inside, resolution, config, new TrainingOptions(training.epochs,
                        batching.batch, lr, config.spec().adam(), training.seed), every, backend, resumed == null ? null : resumed.saved(),
                        control, bar::epochDone);
                if (!fit.finished() && fit.saved().state().epoch() < training.epochs) {
                    checkpoint(config, grid, fit.saved(), settings);
                }
            }
        }
        if (!fit.finished()) {
            System.err.printf("sl2a occupancy: stopped %s; wrote model.safetensors and %s in %s. mesh.ply, gt.ply,"
                    + " preview.png, iou.png and metrics.json need the finished run: the same command with --resume %s"
                    + " writes them (a mesh of this model now: sl2a mesh %s)%n",
                    fit.saved().state().epoch() < training.epochs ? "after " + fit.epochs() + " of " + training.epochs
                            + " epochs" : "while predicting the grid, training done",
                    OccupancyState.NAME, output.out, output.out, output.out.resolve("model.safetensors"));
            return Main.INTERRUPTED;
        }
        long start = System.nanoTime();
        TriangleMesh predicted = MarchingCubes.extract(fit.field(), resolution, OccupancyFit.LEVEL, grid.frame());
        TriangleMesh truth = MarchingCubes.extract(grid.indicator(), resolution, 0.5f, grid.frame());
        double marchingSeconds = (System.nanoTime() - start) / 1e9;
        try {
            write(grid, config, fit, predicted, truth, marchingSeconds, lr);
            // Last: a finished run has nothing to resume.
            AtomicFiles.delete(output.out.resolve(OccupancyState.NAME));
        } catch (IOException e) {
            throw new UserInputException("cannot write outputs to " + output.out + ": " + IoErrors.reason(e));
        }
        System.err.printf(Locale.ROOT,
                "sl2a occupancy: %s IoU %.4f after %s in %.1f s (%,.0f samples/s); mesh of"
                + " %,d triangles; wrote %s%n", config.model(), fit.iou(), Plural.of(fit.epochs(), "epoch"),
                fit.trainSeconds(),
                samplesPerSecond(fit, voxels), predicted.triangleCount(), output.out);
        return 0;
    }

    /**
     * A resumed run keeps its own settings: options not given take them, an option given again
     * with the run's value is accepted, one that would change the run is refused.
     */
    private void keepTheRunsSettings(OccupancyState.Settings run) {
        resolution = keep("--resolution", resolution, run.resolution());
        training.epochs = keep("--epochs", training.epochs, run.epochs());
        batching.batch = keep("--batch", batching.batch, run.batch());
        training.seed = keep("--seed", training.seed, run.seed());
        iouEvery = keep("--iou-every", iouEvery == null ? run.iouEvery() : iouEvery, run.iouEvery());
        training.lr = keep("--lr", training.lr == null ? run.learningRate() : training.lr, run.learningRate());
    }

    private <T> T keep(String flag, T given, T theRuns) {
        if (training.given(flag) && !given.equals(theRuns)) {
            throw new UserInputException(flag + " cannot change a run continued with --resume (it keeps its own, "
                    + theRuns + ")");
        }
        return theRuns;
    }

    /** The model, then the state, each whole and at once: the state is what --resume reads, and it holds the model too. */
    private void checkpoint(ModelConfig config, VoxelGrid grid, OccupancyFit.Saved saved, OccupancyState.Settings settings) {
        OccupancyCheckpoint model = new OccupancyCheckpoint(new ModelCheckpoint(config, saved.parameters()), grid.frame());
        try {
            AtomicFiles.write(output.out.resolve("model.safetensors"), model.toBytes());
        } catch (IOException e) {
            throw new UserInputException("cannot write a checkpoint to " + output.out + ": " + IoErrors.reason(e));
        }
        new OccupancyState(model, saved, settings).write(output.out);
    }

    /** Where model.safetensors is not the state's model (a run killed between writing the two), puts the state's back. */
    private void restoreModel(OccupancyCheckpoint model) {
        Path file = output.out.resolve("model.safetensors");
        byte[] expected = model.toBytes();
        try {
            if (Files.isRegularFile(file) && Arrays.equals(expected, Files.readAllBytes(file))) {
                return;
            }
        } catch (IOException e) {
            // Unreadable: written again below.
        }
        try {
            AtomicFiles.write(file, expected);
        } catch (IOException e) {
            throw new UserInputException("cannot write a checkpoint to " + output.out + ": " + IoErrors.reason(e));
        }
        System.err.println("sl2a occupancy: " + file + " did not hold the model of its training state (a run stopped"
                + " between writing the two); put the state's back");
    }

    /** A CRC-32 of the occupancy, one bit a voxel: the voxels a resumed run must be fitted to again. */
    private static long checksum(boolean[] inside) {
        CRC32 crc = new CRC32();
        byte[] bytes = new byte[(inside.length + 7) / 8];
        for (int p = 0; p < inside.length; p++) {
            if (inside[p]) {
                bytes[p >> 3] |= (byte) (1 << (p & 7));
            }
        }
        crc.update(bytes);
        return crc.getValue();
    }

    private VoxelGrid voxelise(TriangleMesh mesh) {
        VoxelCache.Lookup lookup;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("voxelise").setInitialMax(100)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).setUnit("%", 1).build()) {
            lookup = VoxelCache.voxelise(mesh, resolution, output.out.resolve(VoxelCache.fileName(meshPath,
                    resolution)),
                    (Voxeliser.Progress) (done, total) -> bar.stepTo(total == 0 ? 100 : 100 * done / total));
            bar.stepTo(100);
        }
        if (lookup.notSaved() != null) {
            System.err.println("sl2a occupancy: warning: voxel cache not saved: " + lookup.notSaved());
        }
        VoxelGrid grid = lookup.grid();
        System.err.printf(Locale.ROOT, "sl2a occupancy: %,d voxels inside (%.1f%%)%s%n", grid.insideCount(),
                100 * grid.insideFraction(), lookup.fromCache() ? ", from the cache" : "");
        if (grid.insideCount() == 0) {
            throw new UserInputException(meshPath + " has no inside on a " + resolution + "^3 grid (a flat or open mesh?)");
        }
        return grid;
    }

    private static double samplesPerSecond(OccupancyFit.Result fit, long voxels) {
        return fit.trainSeconds() > 0 ? (double) voxels * fit.epochs() / fit.trainSeconds() : 0;
    }

    private void write(VoxelGrid grid, ModelConfig config, OccupancyFit.Result fit, TriangleMesh predicted,
            TriangleMesh truth,
            double marchingSeconds, double lr) throws IOException {
        PlyWriter.write(predicted, output.out.resolve("mesh.ply"));
        PlyWriter.write(truth, output.out.resolve("gt.ply"));
        MeshPreview.write(List.of(truth, predicted), List.of("ground truth (voxels)", config.model()),
                String.format(Locale.ROOT, "%s at %d^3: IoU %.4f", meshPath.getFileName(), resolution, fit.iou()),
                output.out.resolve("preview.png"));
        double[][] curve = new double[2][fit.iouHistory().size()];
        for (int i = 0; i < curve[0].length; i++) {
            curve[0][i] = fit.iouHistory().get(i).epoch();
            curve[1][i] = fit.iouHistory().get(i).iou();
        }
        LinePlot.write(Map.of(config.model(), curve), meshPath.getFileName() + " at " + resolution + "^3: IoU"
                + " during training", "epoch", "IoU", false, false, output.out.resolve("iou.png"));
        long voxels = (long) resolution * resolution * resolution;
        ObjectNode root = InverseOutputs.JSON.createObjectNode();
        root.put("mesh", meshPath.toString());
        root.put("resolution", resolution);
        root.put("voxels_inside", grid.insideCount());
        root.put("inside_fraction", grid.insideFraction());
        root.put("iou", fit.iou());
        root.put("model", config.model());
        root.put("params", config.parameterCount());
        root.put("epochs", fit.epochs());
        root.put("batch", batching.batch);
        root.put("lr", lr);
        root.put("seed", training.seed);
        root.put("grid_path", fit.gridPath());
        root.put("train_seconds", fit.trainSeconds());
        root.put("samples_per_second", samplesPerSecond(fit, voxels));
        ArrayNode history = root.putArray("iou_per_epoch");
        for (OccupancyFit.IouPoint point : fit.iouHistory()) {
            history.addObject().put("epoch", point.epoch()).put("iou", point.iou());
        }
        root.put("mesh_triangles", predicted.triangleCount());
        root.put("mesh_closed", predicted.isClosed());
        root.put("marching_cubes_seconds", marchingSeconds);
        root.put("note", "iou of the prediction above 0.5 against the voxels, over the whole grid; mesh.ply: marching"
                + " cubes of the prediction at 0.5, gt.ply: of the voxels, both in the input mesh's units");
        AtomicFiles.write(output.out.resolve("metrics.json"), InverseOutputs.JSON.writeValueAsBytes(root));
    }

    @Override
    public Map<String, String> optionDefaults() {
        return Map.of("--epochs", "60", "--batch", "200000", "--seed", "42", "--out", "occupancy");
    }
}
