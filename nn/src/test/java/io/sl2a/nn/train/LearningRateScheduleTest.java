package io.sl2a.nn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The reference schedule: lr * 0.1^min(epoch / epochs, 1), stepped once per epoch. */
class LearningRateScheduleTest {
    @Test
    void decaysTenfoldOverTheRunAndThenStays() {
        LearningRateSchedule schedule = LearningRateSchedule.reference(1e-3, 500);
        assertEquals(1e-3, schedule.rateAt(0), 1e-18);
        assertEquals(1e-3 * Math.pow(0.1, 0.25), schedule.rateAt(125), 1e-15);
        assertEquals(1e-3 * Math.sqrt(0.1), schedule.rateAt(250), 1e-15);
        assertEquals(1e-3 * Math.pow(0.1, 499.0 / 500), schedule.rateAt(499), 1e-15);
        assertEquals(1e-4, schedule.rateAt(500), 1e-15);
        assertEquals(1e-4, schedule.rateAt(900), 1e-15, "no decay past the last epoch");
    }
}
