package io.sl2a.tasks.io;

import io.sl2a.nn.checkpoint.CheckpointException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What every fuzz target asserts of one input (see docs/testing.md, "Fuzzing"): the parser either
 * returns, or refuses the input with the exception the command line turns into one line on stderr
 * and exit code 2 ({@link UserInputException}, or {@link CheckpointException} from the checkpoint
 * reader); its message is one short line of printable text. Anything else that escapes (a null
 * pointer, an index out of bounds, a negative array size, an arithmetic overflow, an out-of-memory
 * error, a stack overflow) is a finding, and so is an input that makes the parser allocate more than
 * {@code bytesPerInputByte} bytes per byte of input beyond {@link #BASE_ALLOCATION}: a header that
 * declares 2^31 vertices must be refused before anything is sized from it.
 */
public final class FuzzContract {
    /** Allocation any parse may make whatever its input's size (decoders' buffers, regex tables, JSON parsers). */
    public static final long BASE_ALLOCATION = 64L << 20;
    /** Generous for text: each token of a few bytes becomes a String and a slot in a list. */
    public static final long TEXT_BYTES_PER_BYTE = 1024;
    /** The longest message accepted as "one line" (the file's path included). */
    public static final int MAX_MESSAGE = 1000;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** A parse of one input. */
    @FunctionalInterface
    public interface Parse {
        void run() throws IOException;
    }

    private FuzzContract() {
    }

    /**
     * Runs {@code parse} on an input of {@code inputLength} bytes and checks the contract; a negative
     * {@code bytesPerInputByte} leaves allocation unchecked (compressed formats such as PNG, whose
     * size the decoder bounds by the heap instead).
     */
    public static void check(long inputLength, long bytesPerInputByte, Parse parse) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            parse.run();
        } catch (UserInputException | CheckpointException refused) {
            requireOneLine(refused);
        } catch (IOException e) {
            throw new UncheckedIOException("the fuzz harness itself failed", e);
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        if (bytesPerInputByte >= 0 && allocated > BASE_ALLOCATION + bytesPerInputByte * inputLength) {
            throw new AssertionError("allocated " + allocated + " bytes for an input of " + inputLength
                    + " bytes: a size read from the file was trusted");
        }
    }

    /** The message the command line would print: present, one line, printable, short. */
    public static void requireOneLine(RuntimeException refused) {
        String message = refused.getMessage();
        if (message == null || message.isBlank()) {
            throw new AssertionError("a refusal without a message", refused);
        }
        if (message.length() > MAX_MESSAGE) {
            throw new AssertionError("a message of " + message.length() + " characters: " + message.substring(0, 200)
                    + "...", refused);
        }
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new AssertionError("control character U+" + String.format("%04X", (int) c) + " at " + i
                        + " of the message: " + message.replaceAll("\\p{Cntrl}", "?"), refused);
            }
        }
    }

    /**
     * A scratch directory for one target's input files, made once per JVM and removed when it exits
     * (the targets run both under Jazzer and from {@code FuzzCorpusReplayTest}, without JUnit's temporary directories).
     */
    public static Path scratch(String target) {
        try {
            Path dir = Files.createTempDirectory("sl2a-fuzz-" + target);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    /** Writes {@code data} to {@code file} (replacing it), for parsers that read files. */
    public static Path write(Path file, byte[] data) {
        try {
            return Files.write(file, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
