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

    @Test
    void aFullDiskLeavesTheOldFileAndNoTemporaryOne() throws IOException {
        Path target = dir.resolve("state.bin");
        Files.writeString(target, "previous state");
        try (DiskFaults full = DiskFaults.full(dir, 10)) {
            IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(target, new byte[100]));
            assertEquals("No space left on device", thrown.getMessage());
            assertEquals("No space left on device", IoErrors.reason(thrown));
        }
        assertEquals("previous state", Files.readString(target));
        assertEquals(List.of(target), listDir());
    }

    @Test
    void aReadOnlyMountLeavesTheOldFile() throws IOException {
        Path target = dir.resolve("model.safetensors");
        Files.writeString(target, "previous model");
        try (DiskFaults readOnly = DiskFaults.readOnly(dir)) {
            IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(target, new byte[3]));
            assertEquals("Read-only file system", IoErrors.reason(thrown));
            UserInputException refused = assertThrows(UserInputException.class,
                    () -> AtomicFiles.requireWritableDirectory(dir));
            assertEquals("cannot write into output directory " + dir + ": Read-only file system", refused.getMessage());
        }
        assertEquals("previous model", Files.readString(target));
        assertEquals(List.of(target), listDir());
    }

    @Test
    void temporaryNamesAreThoseOfWriteAndTheProbe() {
        assertTrue(AtomicFiles.isTemporary(".model.safetensors.0f8fad5b-d9cb-469f-a165-70867728950e.tmp"));
        assertTrue(AtomicFiles.isTemporary(".write-check8812.tmp"));
        assertFalse(AtomicFiles.isTemporary("model.safetensors"));
        assertFalse(AtomicFiles.isTemporary("notes.tmp"));
        assertFalse(AtomicFiles.isTemporary(".model.safetensors.not-a-uuid.tmp"));
    }

    @Test
    void deleteRemovesAndToleratesAbsence() throws IOException {
        Path file = Files.writeString(dir.resolve("training_state.safetensors"), "x");
        AtomicFiles.delete(file);
        assertFalse(Files.exists(file));
        AtomicFiles.delete(file);
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
