package io.sl2a.tasks.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns Ctrl-C (SIGINT) or SIGTERM into a request to stop between two steps, so that the run
 * writes its model and state and can be resumed. Signal handlers rather than a shutdown hook: the
 * run then finishes its writing in a live JVM (during shutdown the JVM refuses what image and font
 * code set up the first time). A second signal ends the process at once, as without this.
 * ({@code sun.misc.Signal} is the JDK's supported way for an application to handle signals; no
 * library on Maven Central does it otherwise.)
 */
final class StopOnSignal implements AutoCloseable {
    private final AtomicBoolean requested = new AtomicBoolean();
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    StopOnSignal() {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal signal = new Signal(name);
                SignalHandler[] old = new SignalHandler[1];
                old[0] = orDefault(Signal.handle(signal, s -> {
                    if (!requested.compareAndSet(false, true)) {
                        return;
                    }
                    System.err.println();
                    System.err.println("sl2a: stopping after this step (again to quit at once)");
                    Signal.handle(s, old[0]);
                }));
                signals.add(signal);
                previous.add(old[0]);
            } catch (IllegalArgumentException e) {
                // The platform has no such signal (or the JVM reserves it): nothing to watch.
            }
        }
    }

    /**
     * The JDK answers null for a previous handler it dispatched to Java but no longer has in its
     * table (seen under a test runner); the default action is then the one to restore.
     */
    private static SignalHandler orDefault(SignalHandler handler) {
        return handler != null ? handler : SignalHandler.SIG_DFL;
    }

    boolean requested() {
        return requested.get();
    }

    /** Restores the handlers there were before. */
    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
