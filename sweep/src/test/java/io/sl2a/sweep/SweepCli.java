package io.sl2a.sweep;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Runs the sweep commands (or, through {@code fit}, the plain CLI) in-process and captures stderr. */
public record SweepCli(int exitCode, String stderr) {

    public static SweepCli sweep(Object... args) {
        return capture(() -> SweepMain.run(strings(args)));
    }

    static SweepCli fit(Object... args) {
        String[] all = new String[args.length + 1];
        all[0] = "fit";
        System.arraycopy(strings(args), 0, all, 1, args.length);
        return capture(() -> io.sl2a.tasks.cli.Main.run(all));
    }

    private static String[] strings(Object... args) {
        return Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
    }

    private static SweepCli capture(java.util.function.IntSupplier command) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setErr(stream);
            int code = command.getAsInt();
            return new SweepCli(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    /** The lines that carry a message (a fit's progress bar redraws with carriage returns). */
    public List<String> messageLines() {
        return stderr.lines().filter(line -> line.startsWith("sl2a")).toList();
    }
}
