package io.sl2a.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.program.Op;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpBindersTest {

    @Test
    void bindsAnOpThroughTheBinderDeclaredForItsRecord() {
        OpBinders<String> binders = new OpBinders<String>("test")
                .on(Op.Copy.class, o -> "copy " + o.source() + " to " + o.destination())
                .on(Op.Silu.class, o -> "silu " + o.x());
        assertEquals("copy a to b", binders.bind(new Op.Copy("a", "b", 3)));
        assertEquals("silu x", binders.bind(new Op.Silu("x", "y", 3)));
        assertEquals(Set.of(Op.Copy.class, Op.Silu.class), binders.bound());
    }

    @Test
    void refusesAnOpNoFamilyBindsNamingItAndTheBackend() {
        OpBinders<String> binders = new OpBinders<String>("test").on(Op.Copy.class, o -> "copy");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> binders.bind(new Op.Silu("x", "y", 3)));
        assertEquals("the test backend cannot run Silu: no family of operations binds it", refused.getMessage());
    }

    @Test
    void refusesASecondBinderForTheSameRecord() {
        OpBinders<String> binders = new OpBinders<String>("test").on(Op.Copy.class, o -> "copy");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> binders.on(Op.Copy.class, o -> "again"));
        assertTrue(refused.getMessage().contains("two binders for Copy"), refused.getMessage());
    }
}
