package io.sl2a.reproduce;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** A line naming the machine a report was measured on. */
final class Machine {
    private Machine() {
    }

    static String describe() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
        } catch (IOException | RuntimeException e) {
            // Not Linux: the name stays unknown.
        }
        return String.format(Locale.ROOT, "%s, %d cores, %.0f GiB heap at most, Java %s, %s", cpu,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() / Math.pow(2, 30),
                System.getProperty("java.version"), System.getProperty("os.name"));
    }
}
