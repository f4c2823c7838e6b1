package io.sl2a.backend.opencl;

/** No usable OpenCL runtime: no ICD loader, no platform, or no device matching a selector. One-line message. */
public final class OpenClUnavailableException extends RuntimeException {
    public OpenClUnavailableException(String message) {
        super(message);
    }

    public OpenClUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
