package io.sl2a.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.tasks.fit.FitOutputs;
import io.sl2a.tasks.fit.TrainingStateFile;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A job's run directory, which appears whole or not at all: the fit writes into a hidden sibling
 * ({@code .NAME.partial}) and the finished directory is renamed into place. So a directory under
 * its own name is a finished run (a rerun skips it), and a job cut short leaves only the partial
 * one: its next try continues it from the training state there ({@link #resumable}), or, where
 * none was written, fits again from the start.
 */
final class RunDirectory {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;

    RunDirectory(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /** Where the fit writes before the rename. */
    Path partial() {
        return path.resolveSibling("." + path.getFileName() + ".partial");
    }

    /**
     * Whether the partial directory holds a training state: a try cut short after a checkpoint
     * ({@code --checkpoint-every}), which {@code fit --resume} continues.
     */
    boolean resumable() {
        return Files.isRegularFile(partial().resolve(TrainingStateFile.NAME));
    }

    boolean exists() {
        return Files.exists(path);
    }

    /** The finished run's metrics.json, or null where the directory holds no finished fit. */
    JsonNode finishedMetrics() {
        Path metrics = path.resolve(FitOutputs.METRICS);
        if (!Files.isRegularFile(metrics) || !Files.isRegularFile(path.resolve(FitOutputs.MODEL))) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(metrics.toFile());
            return node.path("finished").asBoolean(false) ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Renames the finished partial directory into place. */
    void publish() throws IOException {
        try {
            Files.move(partial(), path, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // A file system without atomic renames: a plain one is the best it offers.
            Files.move(partial(), path);
        }
    }
}
