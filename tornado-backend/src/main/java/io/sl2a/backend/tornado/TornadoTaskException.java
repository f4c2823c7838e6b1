package io.sl2a.backend.tornado;

/**
 * A TornadoVM task could not be compiled or run. The message is one line with TornadoVM's reason;
 * the cause keeps TornadoVM's own exception. There is no silent fallback to sequential Java.
 */
public final class TornadoTaskException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TornadoTaskException(String message, Throwable cause) {
        super(message.replace('\n', ' ').replace('\r', ' '), cause);
    }
}
