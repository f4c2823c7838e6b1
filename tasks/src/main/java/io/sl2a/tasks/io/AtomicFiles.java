package io.sl2a.tasks.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Writes files so that a reader, a crash, a kill -9 or a power cut never sees a half-written one:
 * the content goes to a temporary file in the target's directory, is flushed to the disk (fsync),
 * and is then renamed over the target; the directory is flushed too, so that the rename itself
 * survives a power cut. A process killed in the middle leaves at most a temporary file (named as
 * {@link #isTemporary} says), which {@link OutputDirectory} removes when the next run takes the
 * directory.
 */
public final class AtomicFiles {
    /** {@code .NAME.UUID.tmp}, as {@link #write} names its temporary files, and the probes of {@link #requireWritableDirectory}. */
    private static final Pattern TEMPORARY = Pattern.compile(
            "\\..+\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.tmp|\\.write-check.*\\.tmp");

    /**
     * Opens a file for writing. The one way this class (and {@link OutputDirectory}'s lock file)
     * reaches the disk, so that a test can stand in a disk that is full or mounted read-only
     * (permission bits do not stop root, and a test cannot count on mounting a file system).
     */
    @FunctionalInterface
    interface Opener {
        FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException;
    }

    private static final Opener DISK = (path, options) -> FileChannel.open(path, options);
    private static volatile Opener opener = DISK;

    private AtomicFiles() {
    }

    /** Puts {@code replacement} in place of the opener (null: the disk itself); returns the one it replaces. */
    static Opener swapOpener(Opener replacement) {
        Opener previous = opener;
        opener = replacement == null ? DISK : replacement;
        return previous;
    }

    /** Opens {@code path} for writing through the current opener. */
    static FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
        return opener.open(path, options);
    }

    /**
     * Writes {@code target} with the bytes that {@code writer} puts into the stream it is given.
     * If the writer, the disk or the rename fails, the temporary file is removed and {@code target}
     * keeps its previous content (or stays absent).
     */
    public static void write(Path target, IOConsumer<OutputStream> writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        // Same directory as the target, so the rename never crosses file systems. Not
        // Files.createTempFile: its owner-only permissions would end up on the renamed result.
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel channel = open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
                writer.accept(out);
                out.flush();
                // On the disk before the rename: else a power cut could leave the new name on empty blocks.
                channel.force(true);
            }
            moveIntoPlace(temp, absolute);
        } catch (IOException | RuntimeException | Error e) {
            deleteQuietly(temp, e);
            throw e;
        }
        syncDirectory(absolute.getParent());
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Removes {@code file} if it is there, and makes the removal durable as {@link #write} makes a rename. */
    public static void delete(Path file) throws IOException {
        if (Files.deleteIfExists(file)) {
            syncDirectory(file.toAbsolutePath().getParent());
        }
    }

    /** Whether {@code name} is one of the temporary files this class writes (left behind only by a killed process). */
    public static boolean isTemporary(String name) {
        return TEMPORARY.matcher(name).matches();
    }

    /**
     * Makes sure {@code dir} exists (creating it and its parents if needed) and that files can be
     * created in it, by creating and deleting a probe file: permission bits alone do not tell
     * (read-only mounts, running as root).
     *
     * @throws UserInputException if the directory cannot be created or written
     */
    public static void requireWritableDirectory(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserInputException("output directory " + dir + " is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserInputException("cannot create output directory " + dir + ": " + IoErrors.reason(e), e);
        }
        Path probe = dir.resolve(".write-check" + UUID.randomUUID() + ".tmp");
        try {
            open(probe, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)).close();
            Files.delete(probe);
        } catch (IOException e) {
            throw new UserInputException("cannot write into output directory " + dir + ": " + IoErrors.reason(e), e);
        }
    }

    /**
     * Flushes a directory's entries (a rename, a new or removed file) to the disk. Where a
     * directory cannot be opened for that (some platforms), the rename stands as the file system
     * keeps it.
     */
    static void syncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Not supported here (Windows cannot open a directory): nothing more to do.
        }
    }

    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // Some file systems cannot rename atomically; a plain replace is the best they offer.
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path temp, Throwable failure) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
