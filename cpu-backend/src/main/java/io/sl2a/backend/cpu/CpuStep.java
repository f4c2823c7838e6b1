package io.sl2a.backend.cpu;

import io.sl2a.program.StepScalars;

/** One operation of a program, bound to its buffers, ready to run on a batch of {@code rows} rows. */
@FunctionalInterface
interface CpuStep {
    void run(int rows, StepScalars scalars);
}
