package io.sl2a.sweep;

import java.io.Serializable;

/**
 * One row of results.parquet: a job and how it ended. The measurements are NaN (and 0) for a job
 * that failed.
 *
 * @param status {@link #DONE} (fitted now), {@link #SKIPPED} (its run directory was complete
 *     already; the measurements are that run's) or {@link #FAILED}
 * @param error the one-line reason of a failure, else empty
 * @param run the run directory relative to OUT
 */
public record JobResult(String signal, String model, String settings, double psnr, double ssim, long params, int epochs,
        double seconds, double samplesPerSecond, String status, String error, String run) implements Serializable {
    public static final String DONE = "done";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";

    public boolean failed() {
        return status.equals(FAILED);
    }
}
