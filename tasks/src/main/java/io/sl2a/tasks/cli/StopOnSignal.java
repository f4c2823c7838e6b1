package io.sl2a.tasks.cli;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * Turns Ctrl-C (SIGINT) or SIGTERM into a request to stop between two steps, so that the run
 * writes its model and state and can be resumed. Signal handlers rather than a shutdown hook: the
 * run then finishes its writing in a live JVM (during shutdown the JVM refuses what image and font
 * code set up the first time). A second signal, or one while no run is active, ends the process
 * as the default action would (exit code 128 + the signal's number, shutdown hooks run).
 *
 * <p>The handlers are installed once per JVM and never swapped back and forth: swapping them per
 * run, the JDK once reported the previous handler as null in a test run (most likely another
 * library had installed and restored its own in between; not confirmed).
 * ({@code sun.misc.Signal} lives in the JDK's jdk.unsupported module, kept for exactly this use;
 * no library on Maven Central handles signals otherwise.)
 */
final class StopOnSignal implements AutoCloseable {
    private static final AtomicReference<StopOnSignal> ACTIVE = new AtomicReference<>();
    private static boolean installed;

    private final AtomicBoolean requested = new AtomicBoolean();

    StopOnSignal() {
        installOnce();
        ACTIVE.set(this);
    }

    private static synchronized void installOnce() {
        if (installed) {
            return;
        }
        installed = true;
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), StopOnSignal::dispatch);
            } catch (IllegalArgumentException e) {
                // The platform has no such signal (or the JVM reserves it): nothing to watch.
            } catch (NullPointerException e) {
                // Installed; only the previous handler could not be reported (see the class comment).
            }
        }
    }

    private static void dispatch(Signal signal) {
        StopOnSignal run = ACTIVE.get();
        if (run == null || !run.requested.compareAndSet(false, true)) {
            System.exit(128 + signal.getNumber());
            return;
        }
        System.err.println();
        System.err.println("sl2a: stopping after this step (again to quit at once)");
    }

    boolean requested() {
        return requested.get();
    }

    /** The run is over: a signal now ends the process again. */
    @Override
    public void close() {
        ACTIVE.compareAndSet(this, null);
    }
}
