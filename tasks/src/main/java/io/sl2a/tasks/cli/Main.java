package io.sl2a.tasks.cli;

import io.sl2a.backend.DeviceMemoryException;
import io.sl2a.nn.checkpoint.CheckpointException;
import io.sl2a.tasks.io.OutputDirectory;
import io.sl2a.tasks.io.UserInputException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Entry point of the command line. Every failure the user can cause ends as one line on stderr
 * and a non-zero exit code; a stack trace only with {@code SL2A_DEBUG=1}.
 */
public final class Main {
    /** Exit code of bad input (options, files). */
    public static final int BAD_INPUT = 2;
    /** Exit code of an internal failure. */
    public static final int INTERNAL = 1;
    /** Exit code of a run stopped by Ctrl-C or SIGTERM (its state is saved; {@code --resume} continues it). */
    public static final int INTERRUPTED = 130;

    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args));
    }

    public static int run(String... args) {
        return run(new Sl2aCommand(), args);
    }

    /**
     * Runs {@code command} (a picocli command object) with the exit codes and messages of {@link #run(String...)}
     * (tests give their own; the sweep module its commands, which live beside Spark).
     */
    public static int run(Object rootCommand, String... args) {
        return run(rootCommand, null, args);
    }

    /** As {@link #run(Object, String...)}, with the one-line messages written to {@code err} (null: stderr). */
    static int run(Object rootCommand, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(rootCommand);
        if (err != null) {
            commandLine.setErr(err);
        }
        ModelOptionFlags.addTo(commandLine);
        commandLine.setDefaultValueProvider(CommandDefaults.PROVIDER);
        // The last of a repeated option wins, as in most command-line tools.
        commandLine.setOverwrittenOptionsAllowed(true);
        commandLine.setParameterExceptionHandler((e, a) -> {
            String command = e.getCommandLine().getCommandName();
            e.getCommandLine().getErr().println("sl2a: " + e.getMessage() + " (see: sl2a "
                    + (command.equals("sl2a") ? "" : command + " ") + "--help)");
            return BAD_INPUT;
        });
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> report(cl.getErr(), e));
        commandLine.setExecutionStrategy(parsed -> {
            try {
                validateBackendOptions(parsed);
            } catch (UserInputException e) {
                return report(parsed.commandSpec().commandLine().getErr(), e);
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        try {
            return commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            commandLine.getErr().println("sl2a: out of memory; lower --batch or raise the heap with SL2A_JAVA_OPTS=-Xmx...");
            return INTERNAL;
        } finally {
            // The output directories the command took: their locks, and any it made and left empty.
            OutputDirectory.releaseAll();
        }
    }

    /** The backend options of the command to run, checked before it starts (and before it makes --out). */
    private static void validateBackendOptions(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        for (CommandLine.Model.CommandSpec mixin : last.commandSpec().mixins().values()) {
            if (mixin.userObject() instanceof BackendOptions options) {
                options.validate();
            }
        }
    }

    private static int report(PrintWriter err, Exception e) {
        if (System.getenv("SL2A_DEBUG") != null) {
            e.printStackTrace(err);
        }
        if (e instanceof DeviceMemoryException) {
            err.println("sl2a: " + e.getMessage() + "; lower --batch, --width or --degree, or pick another --device");
            return BAD_INPUT;
        }
        if (e instanceof UserInputException || e instanceof CheckpointException) {
            err.println("sl2a: " + e.getMessage());
            return BAD_INPUT;
        }
        err.println("sl2a: internal error: " + e + " (set SL2A_DEBUG=1 for details)");
        return INTERNAL;
    }
}
