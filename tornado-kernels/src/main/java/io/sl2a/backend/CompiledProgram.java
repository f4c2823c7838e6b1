package io.sl2a.backend;

import io.sl2a.program.Program;
import io.sl2a.program.StepScalars;

/**
 * A program whose buffers live on a backend. The host writes inputs and initial parameters, runs
 * routines, and reads back only what it needs (the loss, predictions, parameters for a checkpoint).
 */
public interface CompiledProgram extends AutoCloseable {

    Program program();

    /** Copies {@code length} floats from {@code source[sourceOffset..]} into the buffer from its start. */
    void write(String buffer, float[] source, int sourceOffset, int length);

    /** Copies the first {@code length} floats of the buffer into {@code destination[destinationOffset..]}. */
    void read(String buffer, float[] destination, int destinationOffset, int length);

    /** Runs the routine's operations in order on a batch of {@code rows} rows. */
    void run(String routine, int rows, StepScalars scalars);

    default void write(String buffer, float[] source) {
        write(buffer, source, 0, source.length);
    }

    default float[] read(String buffer) {
        float[] values = new float[program().buffer(buffer).length(program().maxRows())];
        read(buffer, values, 0, values.length);
        return values;
    }

    @Override
    void close();
}
