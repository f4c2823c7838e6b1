package io.sl2a.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fit-many} on Spark embedded in the test's JVM ({@code local[2]}: two jobs at once), on
 * 16x16 images: each job is the fit that {@code fit} makes, a rerun skips what finished, and a
 * bad file fails its own job only.
 */
class FitManyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void eachJobEndsWithTheBytesAndMetricsOfFit() throws Exception {
        Path images = TestImages.twoColours(temp.resolve("images"));
        Path out = temp.resolve("out");
        SweepCli run = fitMany(images, out);
        assertEquals(0, run.exitCode(), run.stderr());
        Map<String, JsonNode> rows = rows(out);
        assertEquals(List.of("a", "b"), List.copyOf(rows.keySet()));
        for (String signal : rows.keySet()) {
            Path alone = temp.resolve("fit-" + signal);
            List<Object> args = new ArrayList<>(List.of(images.resolve(signal + ".png"), "--model", "sl2a"));
            args.addAll(Arrays.asList(TestImages.SMALL_FIT));
            args.addAll(List.of("--out", alone));
            SweepCli fit = SweepCli.fit(args.toArray());
            assertEquals(0, fit.exitCode(), fit.stderr());
            Path job = out.resolve(signal).resolve("sl2a");
            assertArrayEquals(Files.readAllBytes(alone.resolve("model.safetensors")),
                    Files.readAllBytes(job.resolve("model.safetensors")), signal + ": the model, byte for byte");
            double psnr = JSON.readTree(alone.resolve("metrics.json").toFile()).get("psnr").asDouble();
            assertEquals(psnr, JSON.readTree(job.resolve("metrics.json").toFile()).get("psnr").asDouble(), 0.0, signal);
            assertEquals(psnr, rows.get(signal).get("psnr").asDouble(), 0.0, signal + " in results.json");
            assertEquals("done", rows.get(signal).get("status").asText());
            assertEquals(3, rows.get(signal).get("epochs").asInt());
        }
        assertEquals(3, run.messageLines().size(), "one line per job and a summary: " + run.messageLines());
        assertSummary(run, "2 jobs: 2 fitted, 0 skipped (finished before), 0 failed");
    }

    @Test
    void aRerunSkipsEveryFinishedJobAndRewritesNothing() throws Exception {
        Path images = TestImages.twoColours(temp.resolve("images"));
        Path out = temp.resolve("out");
        assertEquals(0, fitMany(images, out).exitCode());
        Map<String, JsonNode> first = rows(out);
        Map<Path, FileTime> written = new TreeMap<>();
        for (String signal : first.keySet()) {
            for (String file : List.of("model.safetensors", "metrics.json", "reconstruction.png")) {
                Path path = out.resolve(signal).resolve("sl2a").resolve(file);
                written.put(path, Files.getLastModifiedTime(path));
            }
        }
        SweepCli again = fitMany(images, out);
        assertEquals(0, again.exitCode(), again.stderr());
        Map<String, JsonNode> second = rows(out);
        for (String signal : first.keySet()) {
            assertEquals("skipped", second.get(signal).get("status").asText(), signal);
            assertEquals(first.get(signal).get("psnr").asDouble(), second.get(signal).get("psnr").asDouble(), 0.0,
                    signal + ": the row of the finished run");
        }
        written.forEach((path, time) -> assertEquals(time, modified(path), path + " untouched"));
        assertSummary(again, "2 jobs: 0 fitted, 2 skipped (finished before), 0 failed");
    }

    @Test
    void aBadFileFailsItsOwnJobInOneLineAndTheOthersFinish() throws Exception {
        Path images = temp.resolve("images");
        TestImages.colour(images, "a", 0);
        TestImages.broken(images, "broken");
        TestImages.colour(images, "c", 3);
        Path out = temp.resolve("out");
        SweepCli run = fitMany(images, out);
        assertEquals(SweepRun.SOME_FAILED, run.exitCode(), run.stderr());
        String reason = "cannot read image " + images.resolve("broken.png").toAbsolutePath() + ": not a PNG or JPEG image";
        assertTrue(run.messageLines().stream().anyMatch(l -> l.matches("sl2a fit-many: \\[\\d/3] broken sl2a .*")
                && l.endsWith(": failed: " + reason)), run.stderr());
        assertFalse(run.stderr().contains("Exception") || run.stderr().contains("\tat "), run.stderr());
        Map<String, JsonNode> rows = rows(out);
        assertEquals("failed", rows.get("broken").get("status").asText());
        assertEquals(reason, rows.get("broken").get("error").asText());
        assertFalse(Files.exists(out.resolve("broken")), "a failed job leaves no run directory");
        for (String signal : List.of("a", "c")) {
            assertEquals("done", rows.get(signal).get("status").asText(), signal);
            assertTrue(Files.isRegularFile(out.resolve(signal).resolve("sl2a").resolve("model.safetensors")), signal);
        }
        assertTrue(Files.readString(out.resolve("table.md")).contains("failed: " + reason));
        try (SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .getOrCreate()) {
            List<Row> parquet = spark.read().parquet(out.resolve("results.parquet").toString()).orderBy("signal")
                    .collectAsList();
            assertEquals(3, parquet.size());
            Row broken = parquet.get(1);
            assertEquals("broken", broken.getAs("signal"));
            assertEquals("failed", broken.getAs("status"));
            assertEquals(reason, broken.getAs("error"));
            assertEquals(rows.get("a").get("psnr").asDouble(), (double) parquet.get(0).getAs("psnr"), 0.0);
        }
    }

    private static void assertSummary(SweepCli run, String counts) {
        assertTrue(run.messageLines().getLast().startsWith("sl2a fit-many: " + counts), run.stderr());
    }

    private static SweepCli fitMany(Path images, Path out) {
        List<Object> args = new ArrayList<>(List.of("fit-many", images, "--model", "sl2a", "--master", "local[2]"));
        args.addAll(Arrays.asList(TestImages.SMALL_FIT));
        args.addAll(List.of("--out", out));
        return SweepCli.sweep(args.toArray());
    }

    /** results.json's rows by signal. */
    private static Map<String, JsonNode> rows(Path out) throws Exception {
        Map<String, JsonNode> rows = new TreeMap<>();
        for (JsonNode row : JSON.readTree(out.resolve("results.json").toFile())) {
            rows.put(row.get("signal").asText(), row);
        }
        return rows;
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
