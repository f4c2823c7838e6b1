package io.sl2a.backend.tornado;

import io.sl2a.kernels.ConvolutionKernels;
import io.sl2a.kernels.HarmonizerKernels;
import uk.ac.manchester.tornado.api.annotations.Parallel;

/**
 * The TornadoVM tasks of the image operations: {@code @Parallel} loops over the kernel bodies, as
 * {@link TornadoTasks} describes.
 */
public final class TornadoConvTasks {
    private TornadoConvTasks() {
    }

    public static void im2col(float[] x, float[] cols, int height, int width, int window, int stride, int pad, int count) {
        for (@Parallel int i = 0; i < count; i++) {
            ConvolutionKernels.im2col(i, x, height, width, window, stride, pad, cols);
        }
    }

    public static void col2im(float[] dCols, float[] dX, int height, int width, int window, int stride, int pad,
            int accumulate, int count) {
        for (@Parallel int i = 0; i < count; i++) {
            ConvolutionKernels.col2im(i, dCols, height, width, window, stride, pad, accumulate, dX);
        }
    }

    public static void maxPoolForward(float[] x, float[] y, float[] argmax, int height, int width, int window, int stride,
            int pad, int count) {
        for (@Parallel int i = 0; i < count; i++) {
            ConvolutionKernels.maxPoolForward(i, x, height, width, window, stride, pad, y, argmax);
        }
    }

    public static void maxPoolBackward(float[] dY, float[] argmax, float[] dX, int height, int width, int window,
            int stride, int pad, int count) {
        for (@Parallel int i = 0; i < count; i++) {
            ConvolutionKernels.maxPoolBackward(i, dY, argmax, height, width, window, stride, pad, dX);
        }
    }

    public static void channelMean(float[] x, float[] y, int plane, int channels) {
        for (@Parallel int c = 0; c < channels; c++) {
            HarmonizerKernels.channelMean(c, x, plane, y);
        }
    }

    public static void channelMeanBackward(float[] dY, float[] dX, int plane, int count) {
        for (@Parallel int k = 0; k < count; k++) {
            HarmonizerKernels.channelMeanBackward(k, dY, plane, dX);
        }
    }
}
