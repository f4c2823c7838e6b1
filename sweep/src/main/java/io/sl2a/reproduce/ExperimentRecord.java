package io.sl2a.reproduce;

/**
 * How one experiment of a run ended (OUT/NAME/outcome.json; a rerun reuses a finished one).
 *
 * @param name the experiment
 * @param scale the scale it ran at
 * @param protocol what it ran
 * @param estimatedSeconds the estimate made before it ran (NaN: none)
 * @param seconds how long it took (0 where it was reused)
 * @param outcome its outcome, or null if it failed
 * @param error why it failed, or null
 */
public record ExperimentRecord(String name, String title, String scale, String protocol, double estimatedSeconds,
        double seconds, Outcome outcome, String error) {
    public boolean failed() {
        return outcome == null;
    }
}
