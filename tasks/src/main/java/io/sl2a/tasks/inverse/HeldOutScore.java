package io.sl2a.tasks.inverse;

import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.operators.MeasurementOperator;
import io.sl2a.nn.train.FitData;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.metrics.Psnr;
import io.sl2a.tasks.render.Renderer;

/** How well a network, between two training steps, predicts observations it never trained on. */
public final class HeldOutScore {
    private HeldOutScore() {
    }

    /** PSNR (peak 1) of the predictions at the held-out points, clamped to [0, 1] as a rendering is. */
    public static double points(DeviceNetwork network, FitData held) {
        float[] predicted = network.predict(held.coords(), held.points());
        double sum = 0;
        for (int i = 0; i < predicted.length; i++) {
            float value = Float.isFinite(predicted[i]) ? Math.min(1.0f, Math.max(0.0f, predicted[i])) : Float.NaN;
            double d = value - held.targets()[i];
            sum += d * d;
        }
        return Psnr.fromMse(sum / predicted.length);
    }

    /**
     * PSNR of the held-out measurements of the network's rendering against the values measured, with
     * {@code peak} the measurement's range (1 for pixels; the largest line integral for a sinogram).
     */
    public static double measured(DeviceNetwork network, int width, int height, MeasurementOperator held,
            float[] values, double peak) {
        Image rendering = Renderer.render(network, width, height);
        float[] predicted = held.matrix().apply(rendering.pixels(), rendering.channels());
        double sum = 0;
        for (int i = 0; i < predicted.length; i++) {
            double d = predicted[i] - values[i];
            sum += d * d;
        }
        return 10.0 * Math.log10(peak * peak / (sum / predicted.length));
    }
}
