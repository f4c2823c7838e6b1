package io.sl2a.tasks.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.junit.jupiter.api.Test;

/** The short reasons that one-line messages give for I/O failures (NIO's own messages are often just the path). */
class IoErrorsTest {
    @Test
    void eachFailureHasItsReason() {
        assertEquals("permission denied", IoErrors.reason(new AccessDeniedException("/x")));
        assertEquals("no such file or directory", IoErrors.reason(new NoSuchFileException("/x")));
        assertEquals("a path component is not a directory", IoErrors.reason(new NotDirectoryException("/x")));
        assertEquals("a file is in the way: /x/y", IoErrors.reason(new FileAlreadyExistsException("/x/y")));
        assertEquals("No space left on device", IoErrors.reason(new FileSystemException("/x", null, "No space left on device")));
        assertEquals("/x", IoErrors.reason(new FileSystemException("/x")));
        assertEquals("disk on fire", IoErrors.reason(new IOException("disk on fire")));
        assertEquals("IOException", IoErrors.reason(new IOException()));
    }
}
