package io.sl2a.tasks.cli;

import java.util.List;

/**
 * Every model of {@code --model}: what it is, the options it takes with their defaults, and the
 * learning rate and batch it trains with unless told otherwise. The training defaults are the SL2A
 * authors' tuned values for each method (their train.py); the shapes are the paper's (3 hidden
 * layers of 256; WIRE 2 of 300).
 */
final class ModelCatalog {
    /** One option a model takes: its flag and its default, as the help shows them. */
    record ModelOption(String flag, String defaultValue, String meaning) {
    }

    record Entry(String name, String description, double learningRate, int batch, List<ModelOption> options) {
        boolean takes(String flag) {
            return options.stream().anyMatch(o -> o.flag().equals(flag));
        }

        /** The default of one of this model's options, as the help shows it. */
        String defaultOf(String flag) {
            return options.stream().filter(o -> o.flag().equals(flag)).findFirst().orElseThrow().defaultValue();
        }

        String optionList() {
            return String.join(", ", options.stream().map(ModelOption::flag).toList());
        }
    }

    static final ModelOption WIDTH = new ModelOption("--width", "256", "hidden width");
    static final ModelOption LAYERS = new ModelOption("--layers", "3", "hidden layers");

    static final List<Entry> MODELS = List.of(
            new Entry("sl2a", "SL2A-INR: learnable Chebyshev activations, LayerNorm, low-rank ReLU layers modulated by them",
                    1e-3, 16384, List.of(WIDTH, LAYERS, new ModelOption("--degree", "256", "Chebyshev degree"),
                            new ModelOption("--rank", "128", "rank of the hidden layers (at most the width), or 'full'"),
                            new ModelOption("--no-modulation", "off", "feed y instead of x * y (ablation)"),
                            new ModelOption("--no-relu", "off", "hidden layers without ReLU (ablation)"))),
            new Entry("relu", "ReLU MLP on the raw coordinates", 1e-3, 1024, List.of(WIDTH, LAYERS)),
            new Entry("relu-pe", "ReLU MLP on a Fourier positional encoding [x, sin(2^k x), cos(2^k x)]", 1e-3, 1024,
                    List.of(WIDTH, LAYERS, new ModelOption("--pe-freqs", "10", "frequencies 1, 2, ..., 2^(N-1)"))),
            new Entry("siren", "SIREN: sin(omega z), SIREN's initialisation", 1e-3, 65536, List.of(WIDTH, LAYERS,
                    new ModelOption("--omega0", "30", "omega of the first layer"),
                    new ModelOption("--hidden-omega0", "30", "omega of the later layers"))),
            new Entry("gauss", "Gaussian activation exp(-(s z)^2)", 1e-4, 1024, List.of(WIDTH, LAYERS,
                    new ModelOption("--gauss-scale", "30", "s"))),
            new Entry("wire", "WIRE: complex Gabor wavelets exp(i omega z - |sigma z|^2), complex layers of int(width/sqrt(2))",
                    1e-3, 65536, List.of(new ModelOption("--width", "300", "hidden width (complex: int(width/sqrt(2)))"),
                            new ModelOption("--layers", "2", "hidden layers"),
                            new ModelOption("--omega0", "30", "omega of the first layer"),
                            new ModelOption("--hidden-omega0", "30", "omega of the later layers"),
                            new ModelOption("--sigma0", "30", "sigma, the Gaussian envelope's scale"))),
            new Entry("finer", "FINER: sin(omega (|z| + 1) z), SIREN's initialisation", 1e-4, 16384, List.of(WIDTH, LAYERS,
                    new ModelOption("--omega0", "30", "omega of the first layer"),
                    new ModelOption("--hidden-omega0", "30", "omega of the later layers"),
                    new ModelOption("--first-bias-scale", "20", "first layer's bias U(+-s); 0: nn.Linear's default"))),
            new Entry("chebykan", "ChebyKAN: Chebyshev KAN layers on tanh of their inputs, a LayerNorm after each but the last",
                    1e-3, 16384, List.of(new ModelOption("--width", "64", "hidden width"),
                            new ModelOption("--layers", "3", "hidden layers (KAN layers: layers + 1)"),
                            new ModelOption("--degree", "23", "Chebyshev degree of every layer"))),
            new Entry("mfn-fourier", "FourierNet: multiplicative filter network, z = sin(V x + c) * (W z + b)", 1e-2, 65536,
                    List.of(WIDTH, LAYERS, new ModelOption("--input-scale", "256", "the filters' weights: nn.Linear's times"
                            + " input-scale / sqrt(layers + 1)"),
                            new ModelOption("--weight-scale", "1", "hidden weights U(+-sqrt(weight-scale / width))"))),
            new Entry("mfn-gabor", "GaborNet: multiplicative filter network, Gabor filters sin(V x + c) exp(-gamma |x - mu|^2 / 2)",
                    1e-2, 65536, List.of(WIDTH, LAYERS, new ModelOption("--input-scale", "256", "the filters' weights:"
                            + " nn.Linear's times input-scale / sqrt(layers + 1) * sqrt(gamma)"),
                            new ModelOption("--weight-scale", "1", "hidden weights U(+-sqrt(weight-scale / width))"),
                            new ModelOption("--alpha", "6", "gamma ~ Gamma(alpha / (layers + 1), beta)"),
                            new ModelOption("--beta", "1", "the rate of gamma's distribution"))),
            new Entry("kan", "KAN (efficient-kan): cubic B-splines on a fixed grid on [-1, 1] plus a SiLU base branch per edge",
                    1e-3, 16384, List.of(new ModelOption("--width", "127", "hidden width"),
                            new ModelOption("--layers", "3", "hidden layers (KAN layers: layers + 1)"),
                            new ModelOption("--grid-size", "5", "grid intervals of every spline"))),
            // INCODE's image notebook: lr 9e-4, the whole image (256 x 256 points) a step.
            new Entry("incode", "INCODE: exp(a) sin(exp(b) omega z + c) + d, a..d from a ResNet-34 stem and MLP over the image",
                    9e-4, 65536, List.of(WIDTH, LAYERS,
                            new ModelOption("--omega0", "30", "omega of the first layer"),
                            new ModelOption("--hidden-omega0", "30", "omega of the later layers"))));

    private ModelCatalog() {
    }

    static Entry entry(String name) {
        for (Entry entry : MODELS) {
            if (entry.name().equals(name)) {
                return entry;
            }
        }
        throw new io.sl2a.tasks.io.UserInputException("unknown model '" + name + "': use one of "
                + String.join(", ", MODELS.stream().map(Entry::name).toList()) + " (see: sl2a models)");
    }
}
