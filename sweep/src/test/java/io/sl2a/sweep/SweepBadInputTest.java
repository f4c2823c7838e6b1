package io.sl2a.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to the sweep commands themselves: one line, exit code 2, no OUT left behind; refused
 * before Spark starts, but for what only Spark can judge (its master, the cores a task takes).
 */
class SweepBadInputTest {
    @TempDir
    Path temp;

    @Test
    void aMissingDirectoryIsOneLine() {
        assertRefused("no such file or directory: " + temp.resolve("nowhere"), "fit-many", temp.resolve("nowhere"));
    }

    @Test
    void aDirectoryWithoutImagesIsOneLine() throws Exception {
        Files.writeString(temp.resolve("notes.txt"), "no image here");
        assertRefused("no image matches " + temp, "fit-many", temp);
    }

    @Test
    void anUnknownModelIsOneLineBeforeAnyJob() throws Exception {
        Path images = TestImages.twoColours(temp.resolve("images"));
        SweepCli run = SweepCli.sweep("fit-many", images, "--model", "sirne", "--out", temp.resolve("out"));
        assertEquals(2, run.exitCode(), run.stderr());
        assertEquals(1, run.stderr().lines().count(), run.stderr());
        assertTrue(run.stderr().startsWith("sl2a: unknown model 'sirne': use one of "), run.stderr());
        assertFalse(Files.exists(temp.resolve("out")));
    }

    @Test
    void aBadOptionValueIsRefusedBeforeAnyJob() throws Exception {
        Path images = TestImages.twoColours(temp.resolve("images"));
        assertRefused("Invalid value for option '--lr': 'fast' is not a double (see: sl2a fit-many --help)", "fit-many",
                images, "--lr", "fast");
    }

    @Test
    void aMasterOrCoresThatSparkRefusesAreOneLine() throws Exception {
        Path images = TestImages.twoColours(temp.resolve("images"));
        assertRefused("cannot start Spark with master bogus: Could not parse Master URL: 'bogus'", "fit-many", images,
                "--master", "bogus");
        assertRefused("cannot start Spark with master local[2]: The number of cores per executor (=2) has to be >= the"
                + " number of cpus per task = 4.", "fit-many", images, "--master", "local[2]", "--task-cpus", 4);
    }

    @Test
    void sweepFilesThatCannotRunAreOneLineEach() throws Exception {
        Path missing = temp.resolve("missing.json");
        assertRefused("cannot read sweep " + missing + ": no such file", "sweep", missing);
        List<String[]> cases = List.of(
                new String[] {"{\"models\": [\"sl2a\"]}", "needs \"signals\": a list of names"},
                new String[] {"{\"signals\": [\"a.png\"], \"models\": [\"nope\"]}", "unknown model 'nope'"},
                new String[] {"{\"signals\": [\"a.png\"], \"models\": [\"sl2a\"], \"grid\": {\"lr\": 0.1}}",
                    "\"grid\".lr in " + temp.resolve("s.json") + " must be a list of values"},
                new String[] {"{\"signals\": [\"a.png\"], \"models\": [\"sl2a\"], \"lr\": 0.1, \"grid\": {\"lr\": [1]}}",
                    "\"lr\" in " + temp.resolve("s.json") + " is both swept (grid) and fixed"},
                new String[] {"{\"signals\": [\"a.png\"], \"models\": [\"sl2a\"], \"out\": \"x\"}",
                    "\"out\" in " + temp.resolve("s.json") + " is set by the sweep itself, or not supported in sweeps"},
                new String[] {"[1, 2]", "sweep " + temp.resolve("s.json") + " is not a JSON object"});
        for (String[] c : cases) {
            Path file = Files.writeString(temp.resolve("s.json"), c[0]);
            SweepCli run = SweepCli.sweep("sweep", file, "--out", temp.resolve("out"));
            assertEquals(2, run.exitCode(), c[0] + ": " + run.stderr());
            assertEquals(1, run.stderr().lines().count(), run.stderr());
            assertTrue(run.stderr().contains(c[1]), c[0] + ": " + run.stderr());
            assertFalse(Files.exists(temp.resolve("out")), c[0]);
        }
    }

    private void assertRefused(String message, Object... args) {
        Object[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--out";
        all[args.length + 1] = temp.resolve("out");
        SweepCli run = SweepCli.sweep(all);
        assertEquals(2, run.exitCode(), run.stderr());
        assertEquals("sl2a: " + message + "\n", run.stderr());
        assertFalse(Files.exists(temp.resolve("out")), "no OUT made");
    }
}
