package io.sl2a.backend.opencl;

import java.nio.file.Path;

/**
 * The device's compiler rejected the kernels. The message is one line naming the device and the
 * file where the full build log was saved ({@link #logFile()}); the log itself can be long.
 */
public final class OpenClBuildException extends RuntimeException {
    private final transient Path logFile;

    OpenClBuildException(String message, Path logFile, Throwable cause) {
        super(message, cause);
        this.logFile = logFile;
    }

    /** Where the build log was written, or null when it could not be written. */
    public Path logFile() {
        return logFile;
    }
}
