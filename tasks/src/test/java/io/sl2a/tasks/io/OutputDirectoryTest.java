package io.sl2a.tasks.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output directory is held for a run's life: one holder at a time, the temporary files of a
 * killed run cleared, nothing left of a directory the run made and never wrote into. (The lock
 * between processes, and that kill -9 drops it: {@code KillNineTest}.)
 */
class OutputDirectoryTest {
    @TempDir
    Path temp;

    @Test
    void aSecondHolderIsRefusedInOneLineUntilTheFirstLetsGo() throws IOException {
        Path dir = temp.resolve("out");
        try (OutputDirectory first = OutputDirectory.open(dir)) {
            assertEquals(dir, first.path());
            assertTrue(Files.readString(dir.resolve(OutputDirectory.LOCK)).startsWith("pid "
                    + ProcessHandle.current().pid()));
            UserInputException refused = assertThrows(UserInputException.class, () -> OutputDirectory.open(dir));
            assertEquals(dir + " is in use by another sl2a run (in this process); wait for it to end, or give another"
                    + " directory", refused.getMessage());
            Files.writeString(dir.resolve("result.txt"), "written");
        }
        assertEquals(0, Files.size(dir.resolve(OutputDirectory.LOCK)), "emptied, and left: see OutputDirectory.lock");
        try (OutputDirectory again = OutputDirectory.open(dir)) {
            assertEquals("written", Files.readString(dir.resolve("result.txt")));
        }
    }

    /**
     * A lock held outside this class (as another process's would be: here a channel of this JVM, which
     * Java refuses as an overlapping lock) is refused in one line naming the holder its file names,
     * and nothing of the directory changes; a lock file that names no process adds no name.
     */
    @Test
    void aLockHeldElsewhereIsRefusedNamingItsProcessWhenItsFileSays() throws IOException {
        Path dir = temp.resolve("held");
        Files.createDirectories(dir);
        Path file = dir.resolve(OutputDirectory.LOCK);
        for (String content : List.of("pid 4242\n", "pid x\n", "")) {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            try (FileChannel other = FileChannel.open(file, StandardOpenOption.WRITE); var lock = other.lock()) {
                UserInputException refused = assertThrows(UserInputException.class, () -> OutputDirectory.open(dir));
                String holder = content.equals("pid 4242\n") ? " (process 4242)" : "";
                assertEquals(dir + " is in use by another sl2a run" + holder + "; wait for it to end, or give another"
                        + " directory", refused.getMessage());
                assertEquals(content, Files.readString(file, StandardCharsets.UTF_8), "the holder's file is left as it was");
            }
        }
        try (OutputDirectory free = OutputDirectory.open(dir)) {
            assertTrue(Files.readString(file).startsWith("pid " + ProcessHandle.current().pid()), "taken once let go");
        }
    }

    @Test
    void aDirectoryMadeAndNeverWrittenIntoIsRemovedWithTheParentsItNeeded() throws IOException {
        Path dir = temp.resolve("a/b/c");
        OutputDirectory.open(dir).close();
        assertFalse(Files.exists(temp.resolve("a")), "nothing of a/b/c is left");
        Path existing = Files.createDirectories(temp.resolve("there"));
        OutputDirectory.open(existing).close();
        assertTrue(Files.isDirectory(existing), "a directory the run did not make stays");
        Path written = temp.resolve("x/y");
        try (OutputDirectory held = OutputDirectory.open(written)) {
            Files.writeString(written.resolve("model.safetensors"), "m");
        }
        assertTrue(Files.exists(written.resolve("model.safetensors")));
    }

    @Test
    void claimedDirectoriesAreReleasedTogether() {
        Path one = temp.resolve("one");
        Path two = temp.resolve("two");
        OutputDirectory.claim(one);
        OutputDirectory.claim(two);
        assertThrows(UserInputException.class, () -> OutputDirectory.open(one));
        OutputDirectory.releaseAll();
        assertFalse(Files.exists(one) || Files.exists(two), "made, never written into: removed");
        OutputDirectory.open(one).close();
    }

    @Test
    void theTemporaryFilesOfAKilledRunAreRemovedAndNothingElse() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("run"));
        Files.createDirectories(dir.resolve("test"));
        List<Path> leftovers = List.of(dir.resolve(".model.safetensors.0f8fad5b-d9cb-469f-a165-70867728950e.tmp"),
                dir.resolve("test/.r_0.png.7c9e6679-7425-40de-944b-e07fc1f90ae7.tmp"),
                dir.resolve(".write-check12345.tmp"));
        List<Path> kept = List.of(dir.resolve("model.safetensors"), dir.resolve("notes.tmp"),
                dir.resolve(".hidden.tmp"), dir.resolve("test/r_0.png"));
        for (Path p : leftovers) {
            Files.writeString(p, "half");
        }
        for (Path p : kept) {
            Files.writeString(p, "whole");
        }
        // A directory below with a lock of its own is another run's: its writes in progress stay.
        Path inner = Files.createDirectories(dir.resolve("runs/other"));
        Files.writeString(inner.resolve(OutputDirectory.LOCK), "");
        Path theirs = Files.writeString(inner.resolve(".m.safetensors.0f8fad5b-d9cb-469f-a165-70867728950e.tmp"), "x");
        OutputDirectory.open(dir).close();
        assertTrue(Files.exists(theirs));
        for (Path p : leftovers) {
            assertFalse(Files.exists(p), p.toString());
        }
        for (Path p : kept) {
            assertTrue(Files.exists(p), p.toString());
        }
    }

    @Test
    void aReadOnlyDirectoryIsRefusedInOneLineAndLeftAsItWas() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("mounted"));
        Files.writeString(dir.resolve("model.safetensors"), "whole");
        try (DiskFaults readOnly = DiskFaults.readOnly(dir)) {
            UserInputException refused = assertThrows(UserInputException.class, () -> OutputDirectory.open(dir));
            assertEquals("cannot write into output directory " + dir + ": Read-only file system", refused.getMessage());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("model.safetensors")), files.toList());
        }
    }

    @Test
    void aPathThatIsAFileIsNoDirectory() throws IOException {
        Path file = Files.writeString(temp.resolve("file"), "x");
        UserInputException refused = assertThrows(UserInputException.class, () -> OutputDirectory.open(file));
        assertEquals("output directory " + file + " is not a directory", refused.getMessage());
        UserInputException below = assertThrows(UserInputException.class,
                () -> OutputDirectory.open(file.resolve("sub")));
        assertTrue(below.getMessage().startsWith("cannot create output directory " + file.resolve("sub") + ": "),
                below.getMessage());
    }
}
