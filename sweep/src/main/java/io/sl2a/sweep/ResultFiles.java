package io.sl2a.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sl2a.tasks.io.AtomicFiles;
import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.UserInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a sweep's results into OUT: {@value #PARQUET} (one row per job, one file that Spark,
 * pandas and DuckDB read), {@value #JSON} (the same rows, settings as objects) and {@value #TABLE}.
 * Each replaces the previous one whole, so a rerun's results list every job of the rerun, the
 * skipped ones with the measurements of their finished run.
 */
final class ResultFiles {
    static final String PARQUET = "results.parquet";
    static final String JSON = "results.json";
    static final String TABLE = "table.md";
    /** The columns of results.parquet (settings: a JSON object; NaN where a failed job measured nothing). */
    private static final StructType SCHEMA = new StructType()
            .add("signal", DataTypes.StringType, false)
            .add("model", DataTypes.StringType, false)
            .add("settings", DataTypes.StringType, false)
            .add("psnr", DataTypes.DoubleType, false)
            .add("ssim", DataTypes.DoubleType, false)
            .add("params", DataTypes.LongType, false)
            .add("epochs", DataTypes.IntegerType, false)
            .add("seconds", DataTypes.DoubleType, false)
            .add("samples_per_second", DataTypes.DoubleType, false)
            .add("status", DataTypes.StringType, false)
            .add("error", DataTypes.StringType, false)
            .add("run", DataTypes.StringType, false);
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultFiles() {
    }

    static void write(SparkSession spark, List<JobResult> results, Path out) {
        try {
            writeParquet(spark, results, out);
            AtomicFiles.write(out.resolve(JSON), MAPPER.writeValueAsBytes(json(results)));
            AtomicFiles.write(out.resolve(TABLE), table(results).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UserInputException("cannot write results to " + out + ": " + IoErrors.reason(e));
        }
    }

    /**
     * Spark writes a directory of part files; the one part (one partition) is renamed to
     * results.parquet, so that readers get a plain file.
     */
    private static void writeParquet(SparkSession spark, List<JobResult> results, Path out) throws IOException {
        Path staging = out.resolve(".results.parquet.staging");
        List<Row> rows = results.stream().map(r -> RowFactory.create(r.signal(), r.model(), r.settings(), r.psnr(),
                r.ssim(), r.params(), r.epochs(), r.seconds(), r.samplesPerSecond(), r.status(), r.error(), r.run()))
                .toList();
        spark.createDataFrame(rows, SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(staging.toAbsolutePath().toUri().toString());
        Path part;
        try (Stream<Path> files = Files.list(staging)) {
            part = files.filter(p -> p.getFileName().toString().matches("part-.*\\.parquet")).findFirst()
                    .orElseThrow(() -> new IOException("Spark wrote no parquet file into " + staging));
        }
        Files.move(part, out.resolve(PARQUET), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(staging);
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static ArrayNode json(List<JobResult> results) throws IOException {
        ArrayNode rows = MAPPER.createArrayNode();
        for (JobResult r : results) {
            ObjectNode row = rows.addObject();
            row.put("signal", r.signal());
            row.put("model", r.model());
            row.set("settings", MAPPER.readTree(r.settings()));
            row.put("psnr", r.psnr());
            row.put("ssim", r.ssim());
            row.put("params", r.params());
            row.put("epochs", r.epochs());
            row.put("seconds", r.seconds());
            row.put("samples_per_second", r.samplesPerSecond());
            row.put("status", r.status());
            row.put("error", r.error());
            row.put("run", r.run());
        }
        return rows;
    }

    private static String table(List<JobResult> results) {
        StringBuilder table = new StringBuilder(
                "| signal | model | settings | PSNR (dB) | SSIM | params | epochs | seconds | status |\n"
                + "|---|---|---|---:|---:|---:|---:|---:|---|\n");
        for (JobResult r : results) {
            table.append(String.format(Locale.ROOT, "| %s | %s | `%s` | %s | %s | %,d | %d | %s | %s |%n", r.signal(),
                    r.model(), r.settings(), number(r.psnr(), "%.2f"), number(r.ssim(), "%.4f"), r.params(),
                    r.epochs(), number(r.seconds(), "%.1f"), r.failed() ? "failed: " + r.error() : r.status()));
        }
        return table.toString();
    }

    private static String number(double value, String format) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value);
    }
}
