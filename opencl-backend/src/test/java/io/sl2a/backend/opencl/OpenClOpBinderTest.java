package io.sl2a.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sl2a.program.Op;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenClOpBinderTest {

    /**
     * The families together bind every operation record, each once (a second binder is refused);
     * declaring them touches no device, so this runs without OpenCL.
     */
    @Test
    void theFamiliesBindEveryOp() {
        OpenClOpBinder binder = new OpenClOpBinder(new OpenClOpContext(null, null, null, null, 1));
        assertEquals(Set.of(Op.class.getPermittedSubclasses()), binder.bound());
    }
}
