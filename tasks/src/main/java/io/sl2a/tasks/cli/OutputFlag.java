package io.sl2a.tasks.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --out DIR}, declared once for the commands that write a directory; each names its default ({@link
 * CommandDefaults}).
 */
public final class OutputFlag {
    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;
}
