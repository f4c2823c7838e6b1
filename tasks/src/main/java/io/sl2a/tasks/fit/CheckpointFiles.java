package io.sl2a.tasks.fit;

import io.sl2a.nn.checkpoint.CheckpointException;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.nn.models.ModelConfig;
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

    public static ModelCheckpoint load(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new UserInputException("checkpoint " + path + " does not exist or is not a file");
        }
        try {
            return ModelCheckpoint.load(path);
        } catch (CheckpointException e) {
            throw new UserInputException(e.getMessage());
        }
    }

    public static void save(ModelConfig config, Map<String, float[]> parameters, Path path) {
        try {
            AtomicFiles.write(path, new ModelCheckpoint(config, parameters).toBytes());
        } catch (IOException e) {
            throw new UserInputException("cannot write checkpoint " + path + ": " + IoErrors.reason(e));
        }
    }
}
