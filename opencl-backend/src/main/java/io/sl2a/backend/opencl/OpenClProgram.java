package io.sl2a.backend.opencl;

import io.sl2a.backend.CompiledProgram;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import io.sl2a.program.Routine;
import io.sl2a.program.StepScalars;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jocl.cl_command_queue;

/**
 * A program whose buffers live on one OpenCL device. A run only enqueues (no read, no finish):
 * the queue is in order, so the next write or read (blocking) sees every op of the routine done.
 */
final class OpenClProgram implements CompiledProgram {
    private final Program program;
    private final cl_command_queue queue;
    private final OpenClBuffers buffers;
    private final List<OpenClKernel> kernels;
    private final Map<String, List<OpenClOpBinder.Step>> routines = new HashMap<>();

    OpenClProgram(Program program, cl_command_queue queue, OpenClBuffers buffers, OpenClKernels kernels) {
        this.program = program;
        this.queue = queue;
        this.buffers = buffers;
        OpenClOpBinder binder = new OpenClOpBinder(queue, kernels, buffers, program.maxRows());
        this.kernels = binder.created();
        try {
            for (Routine routine : program.routines().values()) {
                List<OpenClOpBinder.Step> steps = new ArrayList<>();
                for (Op op : routine.ops()) {
                    steps.add(binder.bind(op));
                }
                routines.put(routine.name(), List.copyOf(steps));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public Program program() {
        return program;
    }

    /** The device buffer behind a name (for measurements in tests). */
    org.jocl.cl_mem deviceBuffer(String name) {
        return buffers.get(name);
    }

    @Override
    public void write(String buffer, float[] source, int sourceOffset, int length) {
        buffers.write(queue, buffer, source, sourceOffset, length);
    }

    @Override
    public void read(String buffer, float[] destination, int destinationOffset, int length) {
        buffers.read(queue, buffer, destination, destinationOffset, length);
    }

    @Override
    public void run(String routine, int rows, StepScalars scalars) {
        if (rows < 1 || rows > program.maxRows()) {
            throw new IllegalArgumentException("rows must be in 1.." + program.maxRows() + ": " + rows);
        }
        List<OpenClOpBinder.Step> steps = routines.get(routine);
        if (steps == null) {
            throw new IllegalArgumentException("no routine named " + routine);
        }
        for (OpenClOpBinder.Step step : steps) {
            step.enqueue(rows, scalars);
        }
    }

    @Override
    public void close() {
        for (OpenClKernel kernel : kernels) {
            kernel.close();
        }
        kernels.clear();
        buffers.close();
    }
}
