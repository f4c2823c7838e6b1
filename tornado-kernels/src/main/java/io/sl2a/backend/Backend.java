package io.sl2a.backend;

import io.sl2a.program.Program;

/**
 * A place where programs run: the CPU, an OpenCL device, a TornadoVM device. A backend allocates
 * a program's buffers once ({@link #compile}) and then runs its routines step after step; the
 * parameters and optimizer state stay where the backend keeps them between steps.
 */
public interface Backend extends AutoCloseable {

    /** Short name used on the command line, e.g. {@code cpu}. */
    String name();

    /** One line describing the device and how the hot products are computed. */
    String description();

    /** Allocates the program's buffers (zeroed) and prepares its routines. */
    CompiledProgram compile(Program program);

    /** Time per operation kind when the backend was asked to profile ({@code -Dsl2a.profile=true}), else empty. */
    default String profileReport() {
        return "";
    }

    @Override
    void close();
}
