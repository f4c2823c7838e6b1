package io.sl2a.tasks.fit;

import io.sl2a.nn.checkpoint.CheckpointException;
import io.sl2a.nn.checkpoint.Sl2aCheckpoint;
import io.sl2a.nn.model.Sl2aConfig;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Checkpoint files as the command line uses them: clear errors in, atomic writes out. */
public final class CheckpointFiles {
    private CheckpointFiles() {
    }

    public static Sl2aCheckpoint load(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new UserInputException("checkpoint " + path + " does not exist or is not a file");
        }
        try {
            return Sl2aCheckpoint.load(path);
        } catch (CheckpointException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    public static void save(Sl2aConfig config, Map<String, float[]> parameters, Path path) {
        try {
            AtomicFiles.write(path, new Sl2aCheckpoint(config, parameters).toBytes());
        } catch (IOException e) {
            throw new UserInputException("cannot write checkpoint " + path + ": " + IoErrors.reason(e));
        }
    }
}
