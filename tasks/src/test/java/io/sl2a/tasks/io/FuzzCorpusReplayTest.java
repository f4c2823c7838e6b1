package io.sl2a.tasks.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every fuzz target's committed corpus (its seeds and the inputs that once failed, in
 * {@code src/test/resources/<package>/<Targets>Inputs/<method>/}, where Jazzer keeps them) through the
 * target, plus the empty input, as ordinary tests: what {@code bench/fuzz.sh} found stays fixed.
 * (Jazzer's own regression mode replays the same files, but it attaches its agent to every test JVM,
 * seconds each; this replays them all in one.)
 */
class FuzzCorpusReplayTest {
    /** Every class of fuzz targets; each of their {@link FuzzTest} methods has a corpus. */
    static final List<String> TARGET_CLASSES = List.of(
            "io.sl2a.tasks.image.ImageFuzzTargets",
            "io.sl2a.tasks.inverse.MaskFuzzTargets",
            "io.sl2a.tasks.volume.MeshFuzzTargets",
            "io.sl2a.tasks.nerf.NerfFuzzTargets",
            "io.sl2a.tasks.fit.CheckpointFuzzTargets",
            "io.sl2a.tasks.cli.CliFilesFuzzTargets");

    static List<Method> targets() {
        List<Method> targets = new ArrayList<>();
        for (String name : TARGET_CLASSES) {
            try {
                Class<?> type = Class.forName(name);
                Arrays.stream(type.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(FuzzTest.class))
                        .sorted(Comparator.comparing(Method::getName)).forEach(targets::add);
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
        }
        return targets;
    }

    /** The target's corpus directory on the test class path (copied there from src/test/resources). */
    static Path corpus(Method target) {
        Class<?> type = target.getDeclaringClass();
        URL url = type.getResource(type.getSimpleName() + "Inputs/" + target.getName());
        if (url == null) {
            throw new AssertionError("no corpus for " + type.getSimpleName() + "#" + target.getName());
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    static Stream<Arguments> inputs() throws IOException {
        List<Arguments> inputs = new ArrayList<>();
        for (Method target : targets()) {
            String label = target.getDeclaringClass().getSimpleName() + "#" + target.getName();
            inputs.add(Arguments.of(label + " (empty input)", target, null));
            try (Stream<Path> files = Files.list(corpus(target))) {
                for (Path file : files.sorted().toList()) {
                    inputs.add(Arguments.of(label + " " + file.getFileName(), target, file));
                }
            }
        }
        return inputs.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void replays(String name, Method target, Path file) throws Throwable {
        byte[] data = file == null ? new byte[0] : Files.readAllBytes(file);
        target.setAccessible(true);
        var constructor = target.getDeclaringClass().getDeclaredConstructor();
        constructor.setAccessible(true);
        try {
            target.invoke(constructor.newInstance(), (Object) data);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Each target has seeds, so that fuzzing it starts from real files and CI replays something. */
    @Test
    void everyTargetHasSeeds() throws IOException {
        List<Method> targets = targets();
        assertFalse(targets.isEmpty());
        for (Method target : targets) {
            try (Stream<Path> files = Files.list(corpus(target))) {
                assertTrue(files.findAny().isPresent(), "no seeds for " + target);
            }
        }
    }
}
