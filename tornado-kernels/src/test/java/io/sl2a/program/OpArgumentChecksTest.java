package io.sl2a.program;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The op constructors' argument checks at their edges: each refusal with its message, the value
 * next to it accepted. The window geometry of the image ops (Im2col, Col2im, MaxPoolForward,
 * MaxPoolBackward: ConvOps.checkWindow), BatchNormRunningStats's plane, the render ops' samples.
 */
class OpArgumentChecksTest {

    /** An image op of the given window geometry (2 channels). */
    interface WindowOp {
        Op make(int height, int width, int kernel, int stride, int pad);
    }

    record Window(String name, boolean pooling, WindowOp op) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Window> windows() {
        return Stream.of(new Window("Im2col", false, (h, w, k, s, p) -> new Op.Im2col("x", "cols", 2, h, w, k, s, p)),
                new Window("Col2im", false, (h, w, k, s, p) -> new Op.Col2im("dCols", "dX", 2, h, w, k, s, p, false)),
                new Window("Col2im accumulating", false,
                        (h, w, k, s, p) -> new Op.Col2im("dCols", "dX", 2, h, w, k, s, p, true)),
                new Window("MaxPoolForward", true,
                        (h, w, k, s, p) -> new Op.MaxPoolForward("x", "y", "argmax", 2, h, w, k, s, p)),
                new Window("MaxPoolBackward", true,
                        (h, w, k, s, p) -> new Op.MaxPoolBackward("dY", "argmax", "dX", 2, h, w, k, s, p)));
    }

    private static void assertRefused(String message, Executable construction) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, construction);
        assertEquals(message, refused.getMessage());
    }

    private static void assertWindowRefused(Window window, int height, int width, int kernel, int stride, int pad) {
        assertRefused("window " + kernel + " stride " + stride + " pad " + pad + " does not fit a " + height + "x"
                + width + " image", () -> window.op().make(height, width, kernel, stride, pad));
    }

    private static void assertWindowAccepted(Window window, int height, int width, int kernel, int stride, int pad) {
        Op op = assertDoesNotThrow(() -> window.op().make(height, width, kernel, stride, pad));
        assertEquals(window.op().make(height, width, kernel, stride, pad), op);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("windows")
    void kernelStrideAndPadHaveTheirLeastValues(Window window) {
        assertWindowRefused(window, 5, 5, 0, 1, 0);
        assertWindowRefused(window, 5, 5, -1, 1, 0);
        assertWindowAccepted(window, 5, 5, 1, 1, 0);
        assertWindowRefused(window, 5, 5, 3, 0, 1);
        assertWindowRefused(window, 5, 5, 3, -2, 1);
        assertWindowAccepted(window, 5, 5, 3, 1, 1);
        assertWindowRefused(window, 5, 5, 3, 2, -1);
        assertWindowAccepted(window, 5, 5, 3, 2, 0);
    }

    /** The padded image must hold one window: height + 2 pad >= kernel, and the same across. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("windows")
    void thePaddedImageHoldsAWindow(Window window) {
        assertWindowAccepted(window, 3, 7, 3, 1, 0);
        assertWindowRefused(window, 2, 7, 3, 1, 0);
        assertWindowAccepted(window, 7, 3, 3, 1, 0);
        assertWindowRefused(window, 7, 2, 3, 1, 0);
        // With padding: 2 + 2 = 4 holds a window of 4, 1 + 2 = 3 does not.
        assertWindowAccepted(window, 2, 6, 4, 1, 1);
        assertWindowRefused(window, 1, 6, 4, 1, 1);
        assertWindowAccepted(window, 6, 2, 4, 1, 1);
        assertWindowRefused(window, 6, 1, 4, 1, 1);
        // A 1x1 image, one window of 3 in its padding of 1 (a convolution's; pooling allows pad 1 too).
        assertWindowAccepted(window, 1, 1, 3, 1, 1);
        assertWindowRefused(window, 1, 1, 4, 1, 1);
    }

    /** Pooling refuses a pad over half the kernel (a window wholly in the padding); im2col allows it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("windows")
    void poolingPadsAtMostHalfTheKernel(Window window) {
        assertWindowAccepted(window, 5, 5, 4, 1, 2);
        assertWindowAccepted(window, 5, 5, 3, 1, 1);
        assertWindowAccepted(window, 5, 5, 1, 1, 0);
        if (window.pooling()) {
            assertWindowRefused(window, 5, 5, 3, 1, 2);
            assertWindowRefused(window, 5, 5, 4, 1, 3);
            assertWindowRefused(window, 5, 5, 1, 1, 1);
        } else {
            assertWindowAccepted(window, 5, 5, 3, 1, 2);
            assertWindowAccepted(window, 5, 5, 4, 1, 3);
            assertWindowAccepted(window, 5, 5, 1, 1, 1);
        }
    }

    @Test
    void batchNormRunningStatsNeedsAPlaneOfTwo() {
        assertRefused("the unbiased variance needs a plane of at least 2 values: 1",
                () -> new Op.BatchNormRunningStats("mean", "rstd", "runningMean", "runningVar", 3, 1, 1e-5f, 0.1f));
        assertRefused("the unbiased variance needs a plane of at least 2 values: 0",
                () -> new Op.BatchNormRunningStats("mean", "rstd", "runningMean", "runningVar", 3, 0, 1e-5f, 0.1f));
        assertEquals(2, new Op.BatchNormRunningStats("mean", "rstd", "runningMean", "runningVar", 3, 2, 1e-5f, 0.1f)
                .plane());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void aRayNeedsASample(int samples) {
        String message = "a ray needs at least one sample: " + samples;
        assertRefused(message, () -> new Op.VolumeRender("field", "t", "delta", "rgb", "opacity", "depth", samples, 0f));
        assertRefused(message,
                () -> new Op.VolumeRenderBackward("field", "delta", "rgb", "opacity", "dRgb", "dField", samples, 0f));
    }

    @Test
    void aRayOfOneSampleIsAccepted() {
        assertEquals(1, new Op.VolumeRender("field", "t", "delta", "rgb", "opacity", "depth", 1, 0f).samples());
        assertEquals(1,
                new Op.VolumeRenderBackward("field", "delta", "rgb", "opacity", "dRgb", "dField", 1, 0f).samples());
    }
}
