package io.sl2a.tasks.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PluralTest {
    @Test
    void oneIsSingularEveryOtherCountPlural() {
        assertEquals("1 epoch", Plural.of(1, "epoch"));
        assertEquals("0 epochs", Plural.of(0, "epoch"));
        assertEquals("2 epochs", Plural.of(2, "epoch"));
        assertEquals("1,024 fits", Plural.of(1024, "fit"));
    }
}
