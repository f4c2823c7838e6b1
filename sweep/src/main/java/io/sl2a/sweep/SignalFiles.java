package io.sl2a.sweep;

import io.sl2a.tasks.io.UserInputException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The signals a sweep names: a file, a directory (its images: .png, .jpg, .jpeg) or a glob
 * ({@code samples/c*.png}), each file under its name without the extension. A file that is
 * there but unreadable is still a signal: its own job fails, not the sweep.
 */
final class SignalFiles {
    private static final Pattern IMAGE = Pattern.compile(".*\\.(png|jpe?g)");
    private static final Pattern WILDCARD = Pattern.compile("[*?\\[{]");

    private SignalFiles() {
    }

    /** The files {@code patterns} name (relative ones against {@code base}), by signal name, sorted per pattern. */
    static Map<String, Path> expand(List<String> patterns, Path base) {
        Map<String, Path> signals = new LinkedHashMap<>();
        for (String pattern : patterns) {
            List<Path> files = files(pattern, base);
            if (files.isEmpty()) {
                throw new UserInputException("no image matches " + pattern);
            }
            for (Path file : files) {
                Path previous = signals.put(name(file), file.toAbsolutePath().normalize());
                if (previous != null && !previous.equals(file.toAbsolutePath().normalize())) {
                    throw new UserInputException("two signals are named " + name(file) + " (" + previous + " and "
                            + file + "): give each a different file name");
                }
            }
        }
        return signals;
    }

    /** A signal's name: its file name without the extension. */
    static String name(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static List<Path> files(String pattern, Path base) {
        if (!WILDCARD.matcher(pattern).find()) {
            Path path = base.resolve(pattern);
            if (Files.isDirectory(path)) {
                return list(path, name -> IMAGE.matcher(name.toLowerCase(Locale.ROOT)).matches());
            }
            if (!Files.exists(path)) {
                throw new UserInputException("no such file or directory: " + pattern);
            }
            return List.of(path);
        }
        // The glob applies to the file names of the directory above its first wildcard.
        int wildcard = WILDCARD.matcher(pattern).results().findFirst().orElseThrow().start();
        int slash = pattern.lastIndexOf('/', wildcard);
        Path directory = base.resolve(slash < 0 ? "." : pattern.substring(0, slash + 1));
        String rest = pattern.substring(slash + 1);
        if (rest.contains("/")) {
            throw new UserInputException("a glob matches file names in one directory, not '" + pattern + "'");
        }
        if (!Files.isDirectory(directory)) {
            throw new UserInputException("no such directory: " + directory);
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        return list(directory, name -> matcher.matches(Path.of(name)));
    }

    private static List<Path> list(Path directory, java.util.function.Predicate<String> accept) {
        try (Stream<Path> entries = Files.list(directory)) {
            return new ArrayList<>(entries.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> accept.test(p.getFileName().toString()))
                    .sorted().toList());
        } catch (IOException e) {
            throw new UserInputException("cannot list " + directory + ": " + e.getMessage());
        }
    }
}
