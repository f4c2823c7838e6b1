package io.sl2a.nn.checkpoint;

/** A checkpoint that cannot be read or does not match the model; the message is one line. */
public final class CheckpointException extends RuntimeException {
    public CheckpointException(String message) {
        super(message);
    }
}
