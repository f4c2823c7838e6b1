package io.sl2a.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sl2a.program.Op;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CpuOpCompilerTest {

    /** The families together bind every operation record, each once (a second binder is refused). */
    @Test
    void theFamiliesBindEveryOp() {
        try (ParallelFor parallel = new ParallelFor(1)) {
            CpuOpCompiler compiler = new CpuOpCompiler(Map.of(), parallel, new JavaVectorSgemm(parallel));
            assertEquals(Set.of(Op.class.getPermittedSubclasses()), compiler.bound());
        }
    }
}
