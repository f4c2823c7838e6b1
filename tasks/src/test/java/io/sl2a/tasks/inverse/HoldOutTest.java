package io.sl2a.tasks.inverse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sl2a.nn.operators.MeasurementOperator;
import io.sl2a.nn.train.FitData;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The hold-out split and the observations it cuts: deterministic by seed, disjoint, complete. */
class HoldOutTest {
    @Test
    void theSplitIsDeterministicBySeedDisjointAndComplete() {
        HoldOut a = HoldOut.split(1000, HoldOut.SHARE, 42);
        assertEquals(100, a.validation().length);
        assertEquals(900, a.fit().length);
        HoldOut again = HoldOut.split(1000, HoldOut.SHARE, 42);
        assertArrayEquals(a.validation(), again.validation(), "the same seed, the same split");
        assertArrayEquals(a.fit(), again.fit());
        assertFalse(Arrays.equals(a.validation(), HoldOut.split(1000, HoldOut.SHARE, 43).validation()),
                "another seed, another split");
        boolean[] seen = new boolean[1000];
        for (int[] share : new int[][] {a.fit(), a.validation()}) {
            for (int i = 0; i < share.length; i++) {
                assertFalse(seen[share[i]], "index " + share[i] + " in both shares");
                seen[share[i]] = true;
                if (i > 0) {
                    assertEquals(true, share[i] > share[i - 1], "ascending");
                }
            }
        }
        for (boolean s : seen) {
            assertEquals(true, s, "every observation in one share");
        }
        // Not the first tenth: the held-out share is spread over the observations.
        assertFalse(a.validation()[a.validation().length - 1] < 200);
    }

    @Test
    void tinyCountsKeepOneOnEachSideAndNonsenseIsRefused() {
        HoldOut two = HoldOut.split(2, HoldOut.SHARE, 1);
        assertEquals(1, two.validation().length);
        assertEquals(1, two.fit().length);
        assertEquals(1, HoldOut.split(3, 0.9, 1).fit().length);
        assertThrows(IllegalArgumentException.class, () -> HoldOut.split(1, HoldOut.SHARE, 1));
        assertThrows(IllegalArgumentException.class, () -> HoldOut.split(10, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> HoldOut.split(10, 1, 1));
    }

    @Test
    void theRowsCutFromPointsAndFromAnOperatorAreThoseRows() {
        float[] coords = {0, 0, 1, 1, 2, 2, 3, 3};
        float[] targets = {10, 11, 12, 13};
        FitData points = ObservationRows.points(new FitData(coords, targets, 4, 2, 1), new int[] {1, 3});
        assertArrayEquals(new float[] {1, 1, 3, 3}, points.coords());
        assertArrayEquals(new float[] {11, 13}, points.targets());

        MeasurementOperator downsampling = AreaDownsampling.operator(8, 8, 2);
        float[] image = new float[64 * 3];
        for (int i = 0; i < image.length; i++) {
            image[i] = (i * 37 % 101) / 101f;
        }
        float[] all = downsampling.matrix().apply(image, 3);
        int[] rows = {0, 5, 15};
        MeasurementOperator cut = ObservationRows.operator(downsampling, rows);
        assertEquals(3, cut.measurements());
        assertEquals(64, cut.points());
        float[] values = ObservationRows.values(all, 3, rows);
        assertArrayEquals(values, cut.matrix().apply(image, 3), 1e-6f, "the cut operator measures those rows");
        assertArrayEquals(new float[] {all[15], all[16], all[17]}, Arrays.copyOfRange(values, 3, 6));
    }
}
