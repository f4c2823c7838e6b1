package io.sl2a.sweep;

import io.sl2a.tasks.cli.Main;
import picocli.CommandLine.Command;

/**
 * Entry point of the sweep commands, which live beside Spark: {@code ./sl2a fit-many},
 * {@code ./sl2a sweep} and {@code ./sl2a reproduce} start this class (with the sweep module's class path), every other command
 * starts {@link Main} and never loads Spark. Errors, exit codes and model flags are {@code Main}'s.
 */
@Command(name = "sl2a", mixinStandardHelpOptions = true, version = "sl2a 0.1.0",
        description = "Many fits at once on Apache Spark.",
        subcommands = {FitManyCommand.class, SweepCommand.class, io.sl2a.reproduce.ReproduceCommand.class})
public final class SweepMain implements Runnable {
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args));
    }

    public static int run(String... args) {
        return Main.run(new SweepMain(), args);
    }

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.err);
    }
}
