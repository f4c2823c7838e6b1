package io.sl2a.nn.models;

import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.layers.ChannelMeanLayer;
import io.sl2a.nn.layers.ConvBatchNormLayer;
import io.sl2a.nn.layers.DenseVectorLayer;
import io.sl2a.nn.layers.MaxPoolLayer;

/**
 * INCODE's harmonizer for images, as its image notebook builds it: the first children of a randomly
 * initialised torchvision ResNet-34 (conv 7x7 stride 2, batch norm, ReLU, max pool 3x3 stride 2,
 * then the first stage of {@code blocks} basic blocks of {@code stemChannels} channels) over the
 * whole image, average pooling to one vector, and the MLP [hidden1, hidden2, 4] with SiLU between
 * (weights N(0, 0.001^2), every bias {@code mlpBias}); its four outputs are the composer's a, b, c,
 * d. State_dict names are INCODE's: {@code feature_extractor.0} (conv1), {@code .1} (bn1),
 * {@code .4.<block>.conv1/bn1/conv2/bn2}, {@code aux_mlp.layers.0/2/4}. BatchNorm runs in training
 * mode throughout, as INCODE never switches to eval.
 */
public record IncodeHarmonizer(int stemChannels, int blocks, int hidden1, int hidden2, float mlpBias) {
    /** ResNet-34's stem and first stage, and INCODE's MLP for images. */
    public static final IncodeHarmonizer IMAGE = new IncodeHarmonizer(64, 3, 64, 32, 0.3120f);

    public IncodeHarmonizer {
        MlpShape.require(stemChannels >= 1 && blocks >= 0 && hidden1 >= 1 && hidden2 >= 1,
                "the harmonizer needs positive channels and hidden sizes, got " + stemChannels + ", " + hidden1 + ", "
                        + hidden2 + " and " + blocks + " blocks");
    }

    /** Adds the harmonizer over {@code image} to {@code g}; returns the buffer of its four coefficients. */
    String emit(LayerGraph.Builder g, IncodeImage image, float[] penalty) {
        int c = stemChannels;
        ConvBatchNormLayer stem = new ConvBatchNormLayer("feature_extractor.0", "feature_extractor.1",
                IncodeImage.CHANNELS,
                c, image.height(), image.width(), 7, 2, 3, false, true);
        String x = g.apply("harmonizer.stem", stem, g.constant("incode.image", image.chw()));
        MaxPoolLayer pool = new MaxPoolLayer(c, stem.outHeight(), stem.outWidth(), 3, 2, 1);
        x = g.apply("harmonizer.pool", pool, x);
        int h = pool.outHeight();
        int w = pool.outWidth();
        for (int b = 0; b < blocks; b++) {
            String prefix = "feature_extractor.4." + b;
            String mid = g.apply("harmonizer.block" + b + ".a", new ConvBatchNormLayer(prefix + ".conv1",
                    prefix + ".bn1", c, c,
                    h, w, 3, 1, 1, false, true), x);
            x = g.apply("harmonizer.block" + b + ".b", new ConvBatchNormLayer(prefix + ".conv2", prefix + ".bn2", c, c,
                    h, w,
                    3, 1, 1, true, true), mid, x);
        }
        String pooled = g.apply("harmonizer.gap", new ChannelMeanLayer(c, h * w), x);
        Initializer weight = new Initializer.Normal(0.001);
        Initializer bias = new Initializer.Constant(mlpBias);
        String y = g.apply("harmonizer.mlp0", new DenseVectorLayer("aux_mlp.layers.0.weight", "aux_mlp.layers.0.bias",
                c,
                hidden1, true, weight, bias, null), pooled);
        y = g.apply("harmonizer.mlp1", new DenseVectorLayer("aux_mlp.layers.2.weight", "aux_mlp.layers.2.bias", hidden1,
                hidden2, true, weight, bias, null), y);
        return g.apply("harmonizer.mlp2", new DenseVectorLayer("aux_mlp.layers.4.weight", "aux_mlp.layers.4.bias",
                hidden2,
                4, false, weight, bias, penalty), y);
    }
}
