package io.sl2a.nn.operators;

/**
 * NeRF's volume rendering as the stage between a field network and its loss: the network's rows
 * are samples, {@code samples} consecutive ones a ray, its output per sample a raw density and a
 * raw colour; each step renders {@code rays} rays (exp density, sigmoid colour, alpha compositing
 * over the background) and compares them with their pixels. See {@code Op.VolumeRender}.
 */
public record VolumeRendering(int rays, int samples, float background) {
    public VolumeRendering {
        if (rays < 1 || samples < 1) {
            throw new IllegalArgumentException("volume rendering needs rays and samples, got " + rays + " and " + samples);
        }
        if (!(background >= 0 && background <= 1)) {
            throw new IllegalArgumentException("the background is a grey level in [0, 1], got " + background);
        }
    }

    /** Network rows of a full batch. */
    public int rows() {
        return Math.multiplyExact(rays, samples);
    }
}
