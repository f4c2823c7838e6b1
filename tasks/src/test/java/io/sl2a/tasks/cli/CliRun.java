package io.sl2a.tasks.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Runs the command line in-process and captures what it prints on stderr and stdout. */
record CliRun(int exitCode, String stderr, String stdout) {

    static CliRun of(Object... args) {
        String[] text = Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
                PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8)) {
            System.setErr(errStream);
            System.setOut(outStream);
            int code = Main.run(text);
            return new CliRun(code, err.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
    }

    /** The lines that carry a message (the progress bar redraws with carriage returns). */
    List<String> messageLines() {
        return stderr.lines().filter(line -> line.startsWith("sl2a")).toList();
    }
}
