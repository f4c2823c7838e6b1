package io.sl2a.backend.tornado;

import java.util.function.Supplier;

/**
 * Turns TornadoVM's failures (bailouts, JIT errors, which it may raise as {@link Error}s) into a
 * {@link TornadoTaskException} whose message is one line: what was being done and TornadoVM's reason.
 */
final class TornadoFailures {
    private TornadoFailures() {
    }

    static void guard(String what, Runnable action) {
        guard(what, () -> {
            action.run();
            return null;
        });
    }

    static <T> T guard(String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (TornadoTaskException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            if (e instanceof VirtualMachineError && !(e instanceof InternalError)) {
                throw e; // out of memory, stack overflow: not TornadoVM's verdict on a task
            }
            throw new TornadoTaskException("tornado: " + what + " failed: " + reason(e), e);
        }
    }

    /** The first line of the innermost message, with the exception type when it says more than nothing. */
    static String reason(Throwable e) {
        Throwable deepest = e;
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            deepest = t;
            String message = t.getMessage();
            if (message != null && !message.isBlank()) {
                String line = message.strip().lines().findFirst().orElse("");
                if (chain.indexOf(line) < 0) {
                    if (!chain.isEmpty()) {
                        chain.append(" <- ");
                    }
                    chain.append(t.getClass().getSimpleName()).append(": ").append(line);
                }
            }
        }
        return chain.isEmpty() ? deepest.getClass().getName() : chain.toString();
    }
}
