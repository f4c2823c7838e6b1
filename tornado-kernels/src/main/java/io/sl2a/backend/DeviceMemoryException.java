package io.sl2a.backend;

/**
 * A program that would not fit in a backend's device memory, refused before anything is
 * allocated; the message is one line with the figure it needed and the figure the device has.
 */
public final class DeviceMemoryException extends RuntimeException {
    public DeviceMemoryException(String message) {
        super(message);
    }
}
