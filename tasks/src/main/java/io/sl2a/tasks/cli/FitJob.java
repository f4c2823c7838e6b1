package io.sl2a.tasks.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code sl2a fit} as one job of many (a task of a sweep): the same command, so the same options,
 * checks, training and outputs as a fit typed by hand, run in the calling thread without a
 * console of its own (no progress bar, no status lines on stderr, no signal handlers). Jobs in
 * other threads may run beside it: each holds its own output directory and backend.
 */
public final class FitJob {
    private FitJob() {
    }

    /**
     * How a job ended: {@code exitCode} as {@code sl2a fit} would exit, and the reason of a
     * failure in one line (of a success, its last status line), without the {@code sl2a:} prefix.
     */
    public record Outcome(int exitCode, String message) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** Runs {@code sl2a fit} with {@code arguments} (the image and the options, without "fit"). */
    public static Outcome run(List<String> arguments) {
        FitCommand command = new FitCommand();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PrintStream stream = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            command.jobLog = stream;
            PrintWriter err = new PrintWriter(stream, true);
            int code = Main.run(command, err, arguments.toArray(String[]::new));
            err.flush();
            return new Outcome(code, lastMessage(log.toString(StandardCharsets.UTF_8), code));
        }
    }

    /**
     * A failure's reason: the last error line ({@code sl2a: ...}), else the last status line (a
     * diverged fit says there what it kept); a success's last status line.
     */
    private static String lastMessage(String log, int code) {
        List<String> errors = log.lines().filter(line -> line.startsWith("sl2a: ")).toList();
        List<String> status = log.lines().filter(line -> line.startsWith("sl2a fit: ")).toList();
        if (code != 0 && !errors.isEmpty()) {
            return errors.getLast().substring("sl2a: ".length());
        }
        if (status.isEmpty()) {
            return code == 0 ? "" : "fit ended with exit code " + code;
        }
        return status.getLast().substring("sl2a fit: ".length());
    }
}
