package io.sl2a.tasks.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Runs the command line in-process and captures what it prints on stderr. */
record CliRun(int exitCode, String stderr) {

    static CliRun of(Object... args) {
        String[] text = Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream stream = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setErr(stream);
            int code = Main.run(text);
            stream.flush();
            return new CliRun(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    /** The lines that carry a message (the progress bar redraws with carriage returns). */
    List<String> messageLines() {
        return stderr.lines().filter(line -> line.startsWith("sl2a")).toList();
    }
}
