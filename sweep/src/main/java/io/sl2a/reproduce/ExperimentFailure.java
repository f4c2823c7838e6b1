package io.sl2a.reproduce;

/** An experiment that could not finish: one of its commands failed (that command said why) or its outputs are missing. */
public final class ExperimentFailure extends RuntimeException {
    private final int exitCode;

    public ExperimentFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The exit code of the command that failed (130: stopped by Ctrl-C). */
    public int exitCode() {
        return exitCode;
    }
}
