package io.sl2a.tasks.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A command's output directory, held for the run's life: created if missing, checked writable, and
 * locked, so that a second run started on the same directory refuses in one line instead of both
 * writing into it. The lock is {@link FileChannel#tryLock} on {@value #LOCK} in the directory: the
 * operating system drops it when the process ends in any way, kill -9 included, so a lock left by
 * a dead run never blocks the next one. The file holds the holder's process id while it is held
 * and stays behind empty (see {@link #lock} for why). Taking the directory also removes the
 * temporary files a killed run left ({@link AtomicFiles#isTemporary}); a directory this run
 * created and wrote nothing into (a bad option found after it was made) is removed on release.
 *
 * <p>Commands take their directory with {@link #claim}; {@code Main} releases every claimed
 * directory when the command returns or fails ({@link #releaseAll}).
 */
public final class OutputDirectory implements AutoCloseable {
    /** The lock file's name. */
    public static final String LOCK = ".sl2a.lock";
    /** Deep enough for compare's runs/IMAGE/MODEL/ and nerf's test/ and depth/. */
    private static final int TEMPORARY_DEPTH = 4;
    private static final ThreadLocal<Deque<OutputDirectory>> CLAIMED = ThreadLocal.withInitial(ArrayDeque::new);
    /** The directories this process holds (their real paths). */
    private static final Set<Path> HELD = new HashSet<>();

    private final Path dir;
    private final Path key;
    private final List<Path> created;
    private final FileChannel channel;
    private final FileLock lock;
    private final Path lockFile;

    private OutputDirectory(Path dir, Path key, List<Path> created, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.key = key;
        this.created = created;
        this.channel = channel;
        this.lock = lock;
        this.lockFile = dir.resolve(LOCK);
    }

    /**
     * Takes {@code dir} for this command (see the class comment) until {@link #releaseAll}.
     *
     * @throws UserInputException if it is not a directory, cannot be created or written, or
     *     another run holds it
     */
    public static OutputDirectory claim(Path dir) {
        OutputDirectory taken = open(dir);
        CLAIMED.get().push(taken);
        return taken;
    }

    /** Releases every directory this thread claimed, the last first. */
    public static void releaseAll() {
        Deque<OutputDirectory> claimed = CLAIMED.get();
        while (!claimed.isEmpty()) {
            claimed.pop().close();
        }
    }

    /** Takes {@code dir} (as {@link #claim}) for the caller to close. */
    public static OutputDirectory open(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserInputException("output directory " + dir + " is not a directory");
        }
        List<Path> created = missingDirectories(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UserInputException("cannot create output directory " + dir + ": " + IoErrors.reason(e), e);
        }
        try {
            OutputDirectory taken = lock(dir, created);
            taken.removeTemporaryFiles();
            return taken;
        } catch (RuntimeException e) {
            removeIfEmpty(created);
            throw e;
        }
    }

    public Path path() {
        return dir;
    }

    /**
     * Opens the lock file and locks it. The file stays after the run (empty): deleting it would let
     * a run that opened it just before lock a file no longer there while a third makes a new one.
     * Nothing in this process opens the file a second time: closing any descriptor of a file
     * drops every POSIX lock the process holds on it, so a second claim in the same process is
     * refused from {@link #HELD} before the file is touched.
     */
    private static OutputDirectory lock(Path dir, List<Path> created) {
        Path key;
        try {
            key = dir.toRealPath();
        } catch (IOException e) {
            throw new UserInputException("cannot create output directory " + dir + ": " + IoErrors.reason(e), e);
        }
        synchronized (HELD) {
            if (HELD.contains(key)) {
                throw inUse(dir, " (in this process)");
            }
            Path file = dir.resolve(LOCK);
            FileChannel channel;
            try {
                channel = AtomicFiles.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
            } catch (IOException e) {
                throw new UserInputException("cannot write into output directory " + dir + ": " + IoErrors.reason(e), e);
            }
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            } catch (IOException e) {
                closeQuietly(channel);
                throw new UserInputException("cannot lock output directory " + dir + ": " + IoErrors.reason(e), e);
            }
            if (lock == null) {
                closeQuietly(channel);
                throw inUse(dir, holder(file));
            }
            try {
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n")
                        .getBytes(StandardCharsets.UTF_8)), 0);
            } catch (IOException e) {
                closeQuietly(channel);
                throw new UserInputException("cannot write into output directory " + dir + ": " + IoErrors.reason(e), e);
            }
            HELD.add(key);
            return new OutputDirectory(dir, key, created, channel, lock);
        }
    }

    private static UserInputException inUse(Path dir, String holder) {
        return new UserInputException(dir + " is in use by another sl2a run" + holder
                + "; wait for it to end, or give another directory");
    }

    /** " (process N)" from the lock file of the run that holds it, when it says. */
    private static String holder(Path file) {
        String text = readQuietly(file);
        if (text != null && text.startsWith("pid ")) {
            String[] words = text.trim().split("\\s+");
            if (words.length >= 2 && words[1].chars().allMatch(Character::isDigit)) {
                return " (process " + words[1] + ")";
            }
        }
        return "";
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The directories {@code dir} needs made, the deepest first. */
    private static List<Path> missingDirectories(Path dir) {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir.toAbsolutePath().normalize(); p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(p);
        }
        return missing;
    }

    private static void removeIfEmpty(List<Path> created) {
        for (Path p : created) {
            try {
                Files.deleteIfExists(p); // fails on a directory that is not empty: then it and its parents stay
            } catch (IOException e) {
                return;
            }
        }
    }

    /**
     * Removes the temporary files a killed run left: this run holds the lock, so no other writes
     * here; a subdirectory with a lock file of its own is another run's output directory, and is
     * left alone.
     */
    private void removeTemporaryFiles() {
        try {
            Files.walkFileTree(dir, EnumSet.noneOf(FileVisitOption.class), TEMPORARY_DEPTH,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path d,
                                BasicFileAttributes attributes) {
                            return !d.equals(dir) && Files.exists(d.resolve(LOCK))
                                    ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file,
                                BasicFileAttributes attributes) throws IOException {
                            if (attributes.isRegularFile() && AtomicFiles.isTemporary(file.getFileName().toString())) {
                                Files.deleteIfExists(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            // A leftover temporary file is clutter, not harm: the run goes on.
        }
    }

    /**
     * Empties the lock file and lets go; a directory this run made and wrote nothing into goes,
     * its lock file first.
     */
    @Override
    public void close() {
        synchronized (HELD) {
            if (!HELD.remove(key)) {
                return;
            }
            boolean onlyTheLock = !created.isEmpty() && onlyTheLockIn(dir);
            try {
                if (onlyTheLock) {
                    Files.deleteIfExists(lockFile);
                } else {
                    channel.truncate(0);
                }
            } catch (IOException e) {
                // A read-only or vanished directory: the lock goes with the channel anyway.
            }
            try {
                lock.release();
            } catch (IOException e) {
                // Closing the channel below releases it too.
            }
            closeQuietly(channel);
            if (onlyTheLock) {
                removeIfEmpty(created);
            }
        }
        CLAIMED.get().remove(this);
    }

    private static boolean onlyTheLockIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.allMatch(p -> p.getFileName().toString().equals(LOCK));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing held is lost: the channel only carried the lock.
        }
    }
}
