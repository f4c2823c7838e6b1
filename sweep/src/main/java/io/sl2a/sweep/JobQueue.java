package io.sl2a.sweep;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Runs jobs on Spark, one Spark job of one task each, all submitted at once: the scheduler runs as
 * many as there are free cores, and the driver sees each one end, so it prints one line per
 * finished job as it finishes (on a cluster too, where the tasks' own output stays in the
 * executors' logs).
 */
final class JobQueue {
    private static final long POLL_MILLIS = 100;

    private final JavaSparkContext spark;
    private final String command;
    private final PrintStream console;

    JobQueue(JavaSparkContext spark, String command, PrintStream console) {
        this.spark = spark;
        this.command = command;
        this.console = console;
    }

    /** Runs {@code jobs} writing under {@code out}; the results in the jobs' order. */
    List<JobResult> run(List<Job> jobs, String out) throws InterruptedException {
        JobRunner runner = new JobRunner(out);
        List<JavaFutureAction<List<JobResult>>> pending = new ArrayList<>();
        for (Job job : jobs) {
            spark.setJobDescription(job.signal() + " " + job.model());
            pending.add(spark.parallelize(List.of(job), 1).map(runner).collectAsync());
        }
        JobResult[] results = new JobResult[jobs.size()];
        int finished = 0;
        while (finished < jobs.size()) {
            for (int i = 0; i < results.length; i++) {
                if (results[i] == null && pending.get(i).isDone()) {
                    results[i] = result(pending.get(i));
                    finished++;
                    console.println(line(finished, jobs.size(), results[i]));
                }
            }
            if (finished < jobs.size()) {
                Thread.sleep(POLL_MILLIS);
            }
        }
        return List.of(results);
    }

    private static JobResult result(JavaFutureAction<List<JobResult>> action) throws InterruptedException {
        try {
            return action.get().getFirst();
        } catch (ExecutionException e) {
            // Not the fit's failure (that is a row): Spark gave the task up, e.g. its executors kept dying.
            throw new IllegalStateException("Spark could not run a job: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private String line(int finished, int total, JobResult r) {
        String what = String.format(Locale.ROOT, "sl2a %s: [%d/%d] %s %s %s", command, finished, total, r.signal(),
                r.model(), r.settings());
        return switch (r.status()) {
            case JobResult.FAILED -> what + ": failed: " + r.error();
            case JobResult.SKIPPED -> what + String.format(Locale.ROOT, ": PSNR %.2f dB (finished before; skipped)",
                    r.psnr());
            default -> what + String.format(Locale.ROOT, ": PSNR %.2f dB, SSIM %.4f in %.1f s", r.psnr(), r.ssim(),
                    r.seconds());
        };
    }
}
