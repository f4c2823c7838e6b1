package io.sl2a.program;

/** What a buffer holds, which decides its lifetime and whether the host reads or writes it. */
public enum BufferRole {
    /** Trainable parameter: initialised by the host, updated on the device, read back for checkpoints. */
    PARAMETER,
    /** Gradient of a parameter, written by the backward pass. */
    GRADIENT,
    /** Optimizer state (Adam moments), zero at start, kept on the device. */
    OPTIMIZER_STATE,
    /** Batch input written by the host every step (coordinates, targets). */
    INPUT,
    /** Intermediate values of one step; never leave the device. */
    ACTIVATION,
    /** Results the host reads back (predictions, loss partial sums). */
    OUTPUT,
    /** Constant data set once by the host (a buffer the model registers but never trains). */
    CONSTANT
}
