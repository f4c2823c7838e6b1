package io.sl2a.nn;

import io.sl2a.backend.Backend;
import io.sl2a.backend.CompiledProgram;
import io.sl2a.program.Program;
import io.sl2a.program.StepScalars;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * A backend that runs another and records what the host sends it: every buffer write (a copy of
 * the values) and every routine run with its rows and step scalars, in order. Lets tests check
 * the training loop by what reaches the device (which points form each batch, the learning rate
 * of each step) rather than by how the loop is written. An optional hook runs after each routine
 * (to inject a fault, for example).
 */
public final class RecordingBackend implements Backend {
    /** One host call: a write ({@code values} set) or a run ({@code routine} set). */
    public record Call(String buffer, float[] values, String routine, int rows, StepScalars scalars) {
        public boolean isRun() {
            return routine != null;
        }
    }

    private final Backend inner;
    private final List<Call> calls = new ArrayList<>();
    private BiConsumer<CompiledProgram, Call> afterRun = (program, call) -> { };

    public RecordingBackend(Backend inner) {
        this.inner = inner;
    }

    public List<Call> calls() {
        return calls;
    }

    /** The runs of one routine, in order. */
    public List<Call> runs(String routine) {
        return calls.stream().filter(c -> routine.equals(c.routine())).toList();
    }

    /**
     * The values last written to {@code buffer} before each run of {@code routine} (the batch
     * that run saw), in order.
     */
    public List<float[]> writtenBefore(String routine, String buffer) {
        List<float[]> result = new ArrayList<>();
        float[] latest = null;
        for (Call call : calls) {
            if (buffer.equals(call.buffer())) {
                latest = call.values();
            } else if (routine.equals(call.routine())) {
                result.add(latest);
            }
        }
        return result;
    }

    public void afterEachRun(BiConsumer<CompiledProgram, Call> hook) {
        this.afterRun = hook;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public String description() {
        return "recording " + inner.description();
    }

    @Override
    public CompiledProgram compile(Program program) {
        CompiledProgram compiled = inner.compile(program);
        return new CompiledProgram() {
            @Override
            public Program program() {
                return compiled.program();
            }

            @Override
            public void write(String buffer, float[] source, int sourceOffset, int length) {
                calls.add(new Call(buffer, Arrays.copyOfRange(source, sourceOffset, sourceOffset + length), null, 0, null));
                compiled.write(buffer, source, sourceOffset, length);
            }

            @Override
            public void read(String buffer, float[] destination, int destinationOffset, int length) {
                compiled.read(buffer, destination, destinationOffset, length);
            }

            @Override
            public void run(String routine, int rows, StepScalars scalars) {
                Call call = new Call(null, null, routine, rows, scalars);
                calls.add(call);
                compiled.run(routine, rows, scalars);
                afterRun.accept(compiled, call);
            }

            @Override
            public void close() {
                compiled.close();
            }
        };
    }

    @Override
    public void close() {
        inner.close();
    }
}
