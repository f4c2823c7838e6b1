package io.sl2a.tasks.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.models.Sl2aConfig;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.io.UserInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A job that would not fit in the heap is refused before anything is allocated, with what it needs. */
class MemoryBudgetTest {
    private static final Sl2aConfig SMALL = new Sl2aConfig(2, 3, 6, 16, 2, 4, true, true);

    @Test
    void aJobThatFitsPasses() {
        MemoryBudget.require(SMALL, 64, 24, 1 << 20, "--batch");
    }

    @Test
    void aJobThatDoesNotFitIsRefusedWithItsSize() {
        long heap = Runtime.getRuntime().maxMemory();
        long extra = 3 * heap;
        UserInputException e = assertThrows(UserInputException.class,
                () -> MemoryBudget.require(SMALL, 64, 24, extra, "--batch or --width"));
        Matcher m = Pattern.compile("this model and batch need ([0-9.]+) GiB of memory but only ([0-9.]+) GiB is available;"
                + " lower --batch or --width \\(or raise the heap with SL2A_JAVA_OPTS=-Xmx\\.\\.\\.\\)").matcher(e.getMessage());
        assertTrue(m.matches(), e.getMessage());
        double needed = (DeviceNetwork.bytesNeeded(SMALL.graph(), 64, 24) + extra) / (double) (1L << 30);
        assertEquals(needed, Double.parseDouble(m.group(1)), 0.051);
        double available = Double.parseDouble(m.group(2));
        assertTrue(available > 0 && available <= heap / (double) (1L << 30) + 0.05, "available " + available);
    }

    @Test
    void justAboveWhatIsFreeIsRefused() {
        Runtime runtime = Runtime.getRuntime();
        long free = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        long network = DeviceNetwork.bytesNeeded(SMALL.graph(), 64, 24);
        // Other threads may allocate meanwhile; a margin of 1 GiB above what is free still must be refused.
        assertThrows(UserInputException.class, () -> MemoryBudget.require(SMALL, 64, 24, free - network + (1L << 30),
                "x"));
    }

    @Test
    void theDataOfAnImageFitAreCounted() {
        // coordinates (2 floats a pixel), targets, reconstruction and a copy (3 x channels), batch copies (2).
        assertEquals(4L * 100 * (2 + 9) + 4L * 100 * 2, ImageFit.dataBytes(new Image(10, 10, 3, new float[300])));
        assertEquals(4L * 60 * (2 + 3) + 4L * 60 * 2, ImageFit.dataBytes(new Image(10, 6, 1, new float[60])));
    }
}
