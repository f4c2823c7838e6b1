package io.sl2a.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.sweep.SweepCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sl2a reproduce --scale tiny}: every experiment runs end to end through the real commands
 * (at sizes where the figures mean nothing) and the report carries each one's claims and pictures;
 * a second run reuses them.
 */
class ReproduceCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SAMPLES = Path.of("..", "samples").toAbsolutePath().normalize();

    @TempDir
    static Path temp;
    private static Path out;
    private static SweepCli first;

    @BeforeAll
    static void runTheTinyScale() {
        out = temp.resolve("reproduce");
        first = SweepCli.sweep("reproduce", "--scale", "tiny", "--samples", SAMPLES, "--out", out, "--master",
                "local[2]");
    }

    @Test
    void everyExperimentRunsAndIsJudged() throws Exception {
        assertEquals(0, first.exitCode(), first.stderr());
        JsonNode results = JSON.readTree(out.resolve("results.json").toFile());
        List<String> names = new ArrayList<>();
        for (JsonNode experiment : results.get("experiments")) {
            names.add(experiment.get("name").asText());
            assertTrue(experiment.get("outcome").get("claims").size() > 0, experiment.get("name").asText());
            for (JsonNode claim : experiment.get("outcome").get("claims")) {
                assertFalse(claim.get("why").asText().isEmpty(), claim.toString());
            }
            for (JsonNode figure : experiment.get("outcome").get("figures")) {
                assertTrue(Files.isRegularFile(out.resolve(figure.get("path").asText())), figure.toString());
            }
        }
        assertEquals(List.copyOf(Experiments.all().keySet()), names);
        assertTrue(first.messageLines().getLast().matches("sl2a reproduce: 14 experiments, 0 failed; \\d+ of \\d+"
                + " claims hold; wrote .*report.md"), first.stderr());
    }

    @Test
    void theReportHasEveryClaimAndEmbedsItsPictures() throws Exception {
        String markdown = Files.readString(out.resolve("report.md"));
        String html = Files.readString(out.resolve("report.html"));
        long pictures = markdown.lines().filter(l -> l.startsWith("![")).count();
        assertTrue(pictures >= 14, markdown);
        assertEquals(pictures, html.split("src=\"data:image/png;base64,", -1).length - 1);
        assertTrue(markdown.contains("| image | SL2A has the best mean PSNR of the six ICCV methods | ICCV Table 1 |"
                + " sl2a 36.88 dB, finer 36.35 dB |"), markdown);
        assertTrue(html.contains("<table>"));
    }

    @Test
    void aSecondRunReusesEveryExperiment() throws Exception {
        String before = Files.readString(out.resolve("report.md"));
        Path sweepResults = out.resolve("image").resolve("baselines").resolve("results.json");
        Path ablation = out.resolve("degree").resolve("ablation").resolve("results.json");
        var sweepTime = Files.getLastModifiedTime(sweepResults);
        var ablationTime = Files.getLastModifiedTime(ablation);
        SweepCli again = SweepCli.sweep("reproduce", "--scale", "tiny", "--samples", SAMPLES, "--out", out);
        assertEquals(0, again.exitCode(), again.stderr());
        assertEquals(14, again.messageLines().stream()
                .filter(l -> l.endsWith("finished before; judging its runs again")).count(), again.stderr());
        // Nothing was fitted again: the commands' outputs are the first run's files.
        assertEquals(sweepTime, Files.getLastModifiedTime(sweepResults));
        assertEquals(ablationTime, Files.getLastModifiedTime(ablation));
        String after = Files.readString(out.resolve("report.md"));
        // The same claims and tables; only the start time in the header differs.
        assertEquals(before.substring(before.indexOf("**")), after.substring(after.indexOf("**")));
    }

    @Test
    void anotherScaleInTheSameOutIsRefused() {
        SweepCli run = SweepCli.sweep("reproduce", "--scale", "quick", "--only", "ntk", "--samples", SAMPLES, "--out",
                out);
        assertEquals(2, run.exitCode(), run.stderr());
        assertEquals(List.of("sl2a: " + out + " holds a run at the tiny scale: give another --out"), run.messageLines());
    }
}
