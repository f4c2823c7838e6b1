package io.sl2a.tasks.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesNewFile() throws IOException {
        Path target = dir.resolve("out.txt");
        AtomicFiles.write(target, out -> out.write("hello".getBytes(StandardCharsets.UTF_8)));
        assertEquals("hello", Files.readString(target));
        assertEquals(List.of(target), listDir());
    }

    @Test
    void replacesExistingFile() throws IOException {
        Path target = dir.resolve("out.bin");
        Files.writeString(target, "old content");
        AtomicFiles.write(target, new byte[] {1, 2, 3});
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
    }

    @Test
    void failingWriterLeavesTargetUntouchedAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("out.txt");
        Files.writeString(target, "old content");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals("disk full", thrown.getMessage());
        assertEquals("old content", Files.readString(target));
        assertEquals(List.of(target), listDir());
    }

    @Test
    void failingWriterDoesNotCreateMissingTarget() throws IOException {
        Path target = dir.resolve("never.txt");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            throw new IllegalStateException("bug");
        }));
        assertEquals(List.of(), listDir());
    }

    @Test
    void requireWritableDirectoryCreatesMissingParents() {
        Path nested = dir.resolve("a/b/c");
        AtomicFiles.requireWritableDirectory(nested);
        assertTrue(Files.isDirectory(nested));
    }

    @Test
    void requireWritableDirectoryAcceptsExistingDirectoryAndLeavesItEmpty() throws IOException {
        AtomicFiles.requireWritableDirectory(dir);
        assertEquals(List.of(), listDir());
    }

    @Test
    void requireWritableDirectoryRejectsAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        UserInputException e =
                assertThrows(UserInputException.class, () -> AtomicFiles.requireWritableDirectory(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void requireWritableDirectoryRejectsAPathBelowAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Path below = file.resolve("sub");
        UserInputException e =
                assertThrows(UserInputException.class, () -> AtomicFiles.requireWritableDirectory(below));
        assertTrue(e.getMessage().startsWith("cannot create output directory " + below), e.getMessage());
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
