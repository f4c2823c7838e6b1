package io.sl2a.sweep;

import io.sl2a.tasks.io.UserInputException;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The options of every sweep command: the output directory, the Spark master, the cores of each job, Spark's web UI. */
final class SweepOptions {
    @Option(names = "--out", paramLabel = "OUT", required = true, description = "Output directory.")
    Path out;

    @Option(names = "--master", paramLabel = "URL", defaultValue = "local[*]",
            description = "Spark master: local[N] (Spark inside this process, N jobs at once), local[*] (one job a core)"
            + " or spark://HOST:7077 (a standalone cluster) (default: ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--task-cpus", paramLabel = "N", defaultValue = "1",
            description = "Cores each job takes (spark.task.cpus); a job on the cpu backend without --threads runs N"
            + " threads (default: ${DEFAULT-VALUE}).")
    int taskCpus;

    @Option(names = "--spark-ui", description = "Start Spark's web UI (off unless asked).")
    boolean ui;

    /** Starts Spark (or joins the session spark-submit made) with quiet, self-contained settings. */
    SparkSession start() {
        if (taskCpus < 1) {
            throw new UserInputException("--task-cpus must be at least 1, got " + taskCpus);
        }
        SparkConf conf = new SparkConf()
                .setAppName("sl2a")
                .setIfMissing("spark.master", master)
                .set("spark.task.cpus", Integer.toString(taskCpus))
                .set("spark.ui.enabled", Boolean.toString(ui))
                .set("spark.ui.showConsoleProgress", "false")
                // A failed job is a row, not an exception; a task that still fails (a lost executor) is retried.
                .setIfMissing("spark.task.maxFailures", "4");
        // spark-submit's master, where it set one, else --master.
        String effective = conf.get("spark.master");
        if (effective.startsWith("local")) {
            // Embedded: nothing listens beyond this machine, and no warning about the host's name.
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        try {
            return SparkSession.builder().config(conf).getOrCreate();
        } catch (Exception e) {
            // A master Spark cannot parse or reach, more cores a task than an executor has: the
            // user's to fix, in Spark's own words (SparkException is checked in Java's eyes).
            String reason = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
            throw new UserInputException("cannot start Spark with master " + effective + ": " + reason, e);
        }
    }
}
