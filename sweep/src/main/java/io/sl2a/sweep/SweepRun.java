package io.sl2a.sweep;

import io.sl2a.tasks.io.OutputDirectory;
import io.sl2a.tasks.io.Plural;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The frame of {@code fit-many} and {@code sweep}: takes OUT, starts Spark, runs the stages of
 * jobs, writes the results and the summary line, stops Spark.
 */
final class SweepRun implements AutoCloseable {
    /** Exit code when some jobs failed (their rows say why) and the others finished. */
    static final int SOME_FAILED = 4;

    private final String command;
    private final Path out;
    private final SparkSession spark;
    private final JobQueue queue;
    private final List<JobResult> results = new ArrayList<>();
    private final long started = System.nanoTime();
    private final PrintStream console = System.err;

    /** Takes OUT (refused while another run holds it) and starts Spark. */
    SweepRun(String command, SweepOptions engine) {
        this.command = command;
        this.out = engine.out.toAbsolutePath().normalize();
        OutputDirectory.claim(this.out);
        this.spark = engine.start();
        this.queue = new JobQueue(JavaSparkContext.fromSparkContext(spark.sparkContext()), command, console);
    }

    Path out() {
        return out;
    }

    /** Runs one stage of jobs (all of them at once); their results, in order. */
    List<JobResult> run(List<Job> jobs) throws InterruptedException {
        List<JobResult> stage = queue.run(jobs, out.toString());
        results.addAll(stage);
        return stage;
    }

    /** Writes the results of every stage and the summary line; the command's exit code. */
    int finish() {
        ResultFiles.write(spark, results, out);
        long failed = results.stream().filter(JobResult::failed).count();
        long skipped = results.stream().filter(r -> r.status().equals(JobResult.SKIPPED)).count();
        console.printf(Locale.ROOT, "sl2a %s: %s: %d fitted, %d skipped (finished before), %d failed, in %.1f s;"
                + " wrote %s%n", command, Plural.of(results.size(), "job"), results.size() - failed - skipped, skipped,
                failed, (System.nanoTime() - started) / 1e9, out.resolve(ResultFiles.TABLE));
        return failed == 0 ? 0 : SOME_FAILED;
    }

    @Override
    public void close() {
        spark.stop();
    }
}
