package io.sl2a.tasks.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A disk that fills up, or a mount that is read-only, under one directory, for as long as this is
 * open: everything the command line writes goes through {@link AtomicFiles}' opener, which this
 * replaces. Tests cannot count on mounting a small tmpfs (that needs root) and cannot make a
 * directory read-only with permission bits (root ignores them); {@code bench/kill9.sh} does both
 * for real. The errors are the ones the JDK reports: {@code IOException("No space left on
 * device")} from a write, {@code FileSystemException(path, null, "Read-only file system")} from
 * an open.
 */
public final class DiskFaults implements AutoCloseable {
    private final AtomicFiles.Opener previous;

    private DiskFaults(AtomicFiles.Opener replacement) {
        this.previous = AtomicFiles.swapOpener(replacement);
    }

    /** Under {@code dir}, {@code bytesLeft} more bytes fit; a write past them fails as on a full disk. */
    public static DiskFaults full(Path dir, long bytesLeft) {
        Path root = dir.toAbsolutePath().normalize();
        AtomicLong left = new AtomicLong(bytesLeft);
        return new DiskFaults((path, options) -> {
            FileChannel channel = FileChannel.open(path, options);
            return under(root, path) ? new Filling(channel, left) : channel;
        });
    }

    /** Under {@code dir}, no file opens for writing, as on a read-only mount. */
    public static DiskFaults readOnly(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        return new DiskFaults((path, options) -> {
            if (under(root, path)) {
                throw new FileSystemException(path.toString(), null, "Read-only file system");
            }
            return FileChannel.open(path, options);
        });
    }

    private static boolean under(Path root, Path path) {
        return path.toAbsolutePath().normalize().startsWith(root);
    }

    @Override
    public void close() {
        AtomicFiles.swapOpener(previous);
    }

    /** A file channel whose writes take from a shared budget of bytes and fail once it is spent. */
    private static final class Filling extends FileChannel {
        private final FileChannel file;
        private final AtomicLong left;

        Filling(FileChannel file, AtomicLong left) {
            this.file = file;
            this.left = left;
        }

        private ByteBuffer allowed(ByteBuffer source) throws IOException {
            long room = left.get();
            if (room <= 0 && source.hasRemaining()) {
                throw new IOException("No space left on device");
            }
            int take = (int) Math.min(source.remaining(), room);
            left.addAndGet(-take);
            ByteBuffer part = source.duplicate();
            part.limit(part.position() + take);
            return part;
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            ByteBuffer part = allowed(source);
            int written = file.write(part);
            source.position(source.position() + written);
            return written;
        }

        @Override
        public long write(ByteBuffer[] sources, int offset, int length) throws IOException {
            long written = 0;
            for (int i = offset; i < offset + length; i++) {
                written += write(sources[i]);
            }
            return written;
        }

        @Override
        public int write(ByteBuffer source, long position) throws IOException {
            ByteBuffer part = allowed(source);
            int written = file.write(part, position);
            source.position(source.position() + written);
            return written;
        }

        @Override
        public int read(ByteBuffer destination) throws IOException {
            return file.read(destination);
        }

        @Override
        public long read(ByteBuffer[] destinations, int offset, int length) throws IOException {
            return file.read(destinations, offset, length);
        }

        @Override
        public int read(ByteBuffer destination, long position) throws IOException {
            return file.read(destination, position);
        }

        @Override
        public long position() throws IOException {
            return file.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            file.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            file.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            file.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return file.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel source, long position, long count) throws IOException {
            throw new IOException("not used by the command line");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            throw new IOException("not used by the command line");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return file.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return file.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            file.close();
        }
    }
}
