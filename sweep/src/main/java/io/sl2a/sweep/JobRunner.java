package io.sl2a.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.sl2a.tasks.cli.FitJob;
import io.sl2a.tasks.io.IoErrors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.Function;

/**
 * Runs one job on an executor: skips it when its run directory holds a finished fit, else fits
 * through {@link FitJob} (the {@code fit} command itself) into the partial directory and
 * publishes it; a partial directory with a training state (a try cut short after a checkpoint)
 * is continued with {@code --resume}, not fitted again. Never throws for a job's own failure: a bad input becomes a failed row with its
 * one-line reason, so that Spark neither retries it nor stops the other jobs.
 */
final class JobRunner implements Function<Job, JobResult> {
    private static final long serialVersionUID = 1L;

    private final String out;

    /** {@code out}: the sweep's output directory, to which the rows' run directories are relative. */
    JobRunner(String out) {
        this.out = out;
    }

    @Override
    public JobResult call(Job job) {
        RunDirectory run = new RunDirectory(Path.of(job.runDirectory()));
        JsonNode done = run.finishedMetrics();
        if (done != null) {
            return measured(job, done, JobResult.SKIPPED);
        }
        if (run.exists()) {
            return failed(job, run.path() + " exists but holds no finished fit: remove it to fit this job again");
        }
        List<String> arguments = new ArrayList<>(job.fitArguments(run.partial().toString()));
        boolean resuming = run.resumable();
        if (resuming) {
            // A try cut short after a checkpoint (--checkpoint-every): continue it.
            arguments.addAll(List.of("--resume", run.partial().toString()));
        }
        FitJob.Outcome outcome = FitJob.run(arguments);
        if (!outcome.succeeded()) {
            return failed(job, outcome.message() + (resuming ? " (continuing the unfinished fit in " + run.partial()
                    + ": remove it to fit this job from the start)" : ""));
        }
        try {
            run.publish();
        } catch (IOException e) {
            return failed(job, "cannot move " + run.partial() + " to " + run.path() + ": " + IoErrors.reason(e));
        }
        JsonNode metrics = run.finishedMetrics();
        return metrics != null ? measured(job, metrics, JobResult.DONE)
                : failed(job, run.path() + " holds no finished fit after the fit");
    }

    private JobResult measured(Job job, JsonNode metrics, String status) {
        return new JobResult(job.signal(), job.model(), job.settingsJson(), metrics.path("psnr").asDouble(Double.NaN),
                metrics.path("ssim").asDouble(Double.NaN), metrics.path("params").asLong(),
                metrics.path("epochs").asInt(), metrics.path("train_seconds").asDouble(Double.NaN),
                metrics.path("samples_per_second").asDouble(Double.NaN), status, "", relative(job));
    }

    private JobResult failed(Job job, String reason) {
        return new JobResult(job.signal(), job.model(), job.settingsJson(), Double.NaN, Double.NaN, 0, 0, Double.NaN,
                Double.NaN, JobResult.FAILED, reason, relative(job));
    }

    private String relative(Job job) {
        return Path.of(out).relativize(Path.of(job.runDirectory())).toString();
    }
}
