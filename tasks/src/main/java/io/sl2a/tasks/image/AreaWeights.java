package io.sl2a.tasks.image;

/**
 * Along one axis, which source samples each destination sample averages and with what weights,
 * for area-averaging by a scale of {@code scale} source samples per destination sample.
 *
 * <p>A port of OpenCV's {@code computeResizeAreaTab} (imgproc/src/resize.cpp), so that results match
 * {@code cv2.resize(..., interpolation=cv2.INTER_AREA)}: destination sample {@code d} covers the
 * source interval [d·scale, (d+1)·scale) clipped to the image; each source sample weighs the length
 * of its overlap, over the clipped interval's length; slivers under 1e-3 are dropped, as OpenCV does.
 */
final class AreaWeights {
    private static final double SLIVER = 1e-3;

    /** First source index per destination index. */
    final int[] first;
    /** Weights per destination index, for source indices first[d], first[d] + 1, ... */
    final double[][] weights;

    AreaWeights(int sourceSize, int destinationSize, double scale) {
        first = new int[destinationSize];
        weights = new double[destinationSize][];
        for (int d = 0; d < destinationSize; d++) {
            double start = d * scale;
            double end = start + scale;
            double cellWidth = Math.min(scale, sourceSize - start);
            int wholeStart = (int) Math.ceil(start);
            int wholeEnd = Math.min((int) Math.floor(end), sourceSize - 1);
            wholeStart = Math.min(wholeStart, wholeEnd);

            boolean leftSliver = wholeStart - start > SLIVER;
            boolean rightSliver = end - wholeEnd > SLIVER;
            first[d] = leftSliver ? wholeStart - 1 : wholeStart;
            double[] w = new double[(leftSliver ? 1 : 0) + (wholeEnd - wholeStart) + (rightSliver ? 1 : 0)];
            int k = 0;
            if (leftSliver) {
                w[k++] = (wholeStart - start) / cellWidth;
            }
            for (int s = wholeStart; s < wholeEnd; s++) {
                w[k++] = 1.0 / cellWidth;
            }
            if (rightSliver) {
                // When the interval runs past the image, wholeEnd is the last sample and counts once.
                w[k] = Math.min(Math.min(end - wholeEnd, 1.0), cellWidth) / cellWidth;
            }
            weights[d] = w;
        }
    }
}
