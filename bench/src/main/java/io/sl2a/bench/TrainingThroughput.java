package io.sl2a.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.backend.Backend;
import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.backend.opencl.OpenClBackend;
import io.sl2a.bench.jmh.OpHarness;
import io.sl2a.kernels.EncodingKernels;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.models.ChebyKanConfig;
import io.sl2a.nn.models.KanConfig;
import io.sl2a.nn.models.MfnFourierConfig;
import io.sl2a.nn.models.MfnGaborConfig;
import io.sl2a.nn.models.MlpShape;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.models.OptionValues;
import io.sl2a.nn.models.HashGridConfig;
import io.sl2a.nn.models.ReluPeConfig;
import io.sl2a.nn.models.SharedOptions;
import io.sl2a.nn.models.Sl2aConfig;
import io.sl2a.nn.models.WireConfig;
import io.sl2a.nn.train.EpochResult;
import io.sl2a.nn.train.FitData;
import io.sl2a.nn.train.Trainer;
import io.sl2a.nn.train.TrainingOptions;
import io.sl2a.tasks.image.Image;
import io.sl2a.tasks.image.ImageReader;
import io.sl2a.tasks.metrics.Psnr;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * End-to-end training throughput on a backend (cpu by default, opencl, or tornado under TornadoVM's JVM), the Java
 * side of the comparison with
 * {@code reference/train_reference.py}: same image, coordinates, configuration, batch, learning rate
 * schedule and loop (a fresh permutation each epoch, one Adam step per minibatch). Warm-up epochs
 * run first on a throwaway network and are not counted; the counted run starts from the seeded
 * initialisation. By default the network trains on the pixel grid's per-axis tables, as
 * {@code sl2a fit} does ({@code --grid off} expands every pixel, the reference's algorithm). Prints
 * one JSON line.
 */
public final class TrainingThroughput {
    static final String USAGE = """
            usage: TrainingThroughput IMAGE [--epochs 5] [--warmup 1] [--model NAME (sl2a; see sl2a models)]
                   [--batch, --lr (the model's)] [--threads N (all cores)] [--gemm auto|openblas|java]
                   [--grid on|off] [--seed 0] [--backend cpu|opencl|tornado] [--device N|NAME (opencl, tornado)]
                   [any option of any model, as --width 256 (the model's options are taken, the others ignored)]
            Prints one JSON line: samples_per_second and seconds_per_epoch are medians over the counted
            epochs; effective_gflops = samples_per_second * trainingFlopsPerSample / 1e9. --grid on (the
            default, as sl2a fit) computes the LA block through per-axis tables; off expands every pixel.
            -Dsl2a.profile=true adds the time per operation kind (whole run, warm-up included) on stderr.""";

    private TrainingThroughput() {
    }

    public static void main(String[] argv) throws Exception {
        Set<String> known = new java.util.TreeSet<>(Set.of("epochs", "warmup", "batch", "lr", "threads", "gemm", "grid",
                "seed",
                "backend", "device", "model"));
        known.addAll(ModelDefaults.optionNames());
        Args args = new Args(argv, known, USAGE);
        if (args.positional().size() != 1) {
            System.err.println(USAGE);
            System.exit(2);
        }
        Path imagePath = Path.of(args.positional().get(0));
        int epochs = args.integer("epochs", 5);
        int warmup = args.integer("warmup", 1);
        String modelName = args.string("model", "sl2a");
        int batch = args.integer("batch", ModelDefaults.spec(modelName).batch());
        double lr = args.real("lr", ModelDefaults.spec(modelName).learningRate());
        int threads = args.integer("threads", Runtime.getRuntime().availableProcessors());
        CpuBackend.GemmChoice gemm = CpuBackend.GemmChoice.valueOf(args.string("gemm",
                "auto").toUpperCase(Locale.ROOT));
        long seed = args.longValue("seed", 0);
        String gridText = args.string("grid", "on");
        if (!gridText.equals("on") && !gridText.equals("off")) {
            throw new IllegalArgumentException("--grid must be on or off, got " + gridText);
        }
        boolean grid = gridText.equals("on"); // for a model whose first layer takes grid indices (SL2A)
        String backendName = args.string("backend", "cpu");
        if (!backendName.equals("cpu") && !backendName.equals("opencl") && !backendName.equals("tornado")) {
            throw new IllegalArgumentException("--backend must be cpu, opencl or tornado, got " + backendName);
        }
        String device = args.string("device", null);

        Image image = ImageReader.read(imagePath);
        ModelConfig config = ModelDefaults.spec(modelName).build(2, image.channels(),
                ModelDefaults.optionValues(modelName, args))
                .forTrainingImage(image.pixels(), image.height(), image.width(), image.channels());
        OptionValues options = config.optionValues();
        int width = options.integer(SharedOptions.WIDTH);
        int layers = options.integer(SharedOptions.LAYERS);
        MlpShape shape = new MlpShape(2, image.channels(), width, layers);
        grid = grid && config.graph().acceptsGridInput();
        FitData data = FitData.image(image.width(), image.height(), image.channels(), image.pixels());
        int gridAxisLength = grid ? data.grid().axisLength() : 0;
        AdamSettings adam = config.spec().adam(); // the grid models train with instant-ngp's beta2 and eps
        int maxRows = Math.min(batch, data.points());
        Map<String, float[]> initial = config.graph().initialParameters(seed);

        try (Backend backend = switch (backendName) {
            case "opencl" -> new OpenClBackend(device);
            // Outside the default build: found through ServiceLoader when run under TornadoVM (bench/bench-env.sh).
            case "tornado" -> OpHarness.provider("tornado")
                    .orElseThrow(() -> new IllegalStateException(OpHarness.TORNADO_MISSING)).open(device);
            default -> new CpuBackend(threads, gemm);
        }) {
            double warmupSeconds = 0;
            if (warmup > 0) {
                try (DeviceNetwork throwaway = DeviceNetwork.create(backend, config.graph(), maxRows, adam,
                        gridAxisLength)) {
                    throwaway.setParameters(initial);
                    long start = System.nanoTime();
                    new Trainer(throwaway, data, new TrainingOptions(warmup, batch, lr, adam, seed + 1)).train(r -> {
                    });
                    warmupSeconds = (System.nanoTime() - start) / 1e9;
                }
            }
            // The profile (when enabled) then holds the warm-up too; it is reported for the whole run.
            List<EpochResult> results = new ArrayList<>();
            double psnr;
            double totalSeconds;
            try (DeviceNetwork network = DeviceNetwork.create(backend, config.graph(), maxRows, adam, gridAxisLength)) {
                network.setParameters(initial);
                long start = System.nanoTime();
                new Trainer(network, data, new TrainingOptions(epochs, batch, lr, adam, seed)).train(results::add);
                totalSeconds = (System.nanoTime() - start) / 1e9;
                float[] prediction = network.predict(data.coords(), data.points());
                psnr = Psnr.psnr(prediction, image.pixels());
            }

            double[] epochSeconds = results.stream().mapToDouble(EpochResult::seconds).toArray();
            double medianSeconds = median(epochSeconds);
            double samplesPerSecond = data.points() / medianSeconds;
            // The MLP's input: the encoding's width (the grid encodings' interpolation is not counted).
            int firstIn = config instanceof ReluPeConfig pe ? EncodingKernels.width(2, pe.frequencies())
                    : config instanceof HashGridConfig h ? h.levels() * h.levelFeatures() : 2;
            double flopsPerSample = config instanceof Sl2aConfig c ? c.trainingFlopsPerSample()
                    : config instanceof WireConfig ? wireFlopsPerSample(shape)
                    // The KANs and the MFNs: a multiply-add per parameter forward, twice that backward.
                    : config instanceof ChebyKanConfig || config instanceof KanConfig || config instanceof MfnFourierConfig
                            || config instanceof MfnGaborConfig ? 6.0 * config.parameterCount()
                    // INCODE: its composer's (a SIREN's); the harmonizer's per-step convolutions are not counted.
                    : mlpFlopsPerSample(shape, firstIn);
            double executedFlopsPerSample = flopsPerSample;
            if (grid && config instanceof Sl2aConfig c) {
                // The grid path replaces the two per-point Chebyshev products by two per-axis ones each step.
                double chebyshev = 2.0 * c.inFeatures() * (c.degree() + 1) * c.width();
                long steps = (data.points() + maxRows - 1) / maxRows;
                executedFlopsPerSample = flopsPerSample - 2 * chebyshev
                        + (double) steps * 2 * chebyshev * gridAxisLength / data.points();
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("framework", "sl2a-java");
            json.put("model", modelName);
            json.put("backend", backend.name());
            json.put("backend_description", backend.description());
            json.put("gemm", backend instanceof CpuBackend cpu ? cpu.gemm().name()
                    : backendName.equals("opencl") ? "opencl tiled kernel" : "tornadovm generated kernel");
            json.put("threads", threads);
            json.put("java_version", Runtime.version().toString());
            json.put("epochs", epochs);
            json.put("warmup_epochs", warmup);
            json.put("grid", grid);
            json.put("samples_per_second", samplesPerSecond);
            json.put("samples_per_second_mean", (double) epochs * data.points() / totalSeconds);
            json.put("seconds_per_epoch", medianSeconds);
            json.put("epoch_seconds", epochSeconds);
            json.put("flops_per_sample", flopsPerSample);
            json.put("effective_gflops", samplesPerSecond * flopsPerSample / 1e9);
            json.put("executed_flops_per_sample", executedFlopsPerSample);
            json.put("executed_gflops", samplesPerSecond * executedFlopsPerSample / 1e9);
            json.put("final_psnr", psnr);
            json.put("final_epoch_psnr", results.get(results.size() - 1).psnr());
            json.put("params", config.parameterCount());
            json.put("timing",
                    "median epoch of the training loop; " + warmup + " warm-up epoch(s) on a throwaway network not counted");
            json.put("warmup_seconds", warmup > 0 ? warmupSeconds : null);
            json.put("image", imagePath.toString());
            json.put("height", image.height());
            json.put("width_px", image.width());
            json.put("channels", image.channels());
            json.put("degree", options.given().get("degree"));
            json.put("width", width);
            json.put("layers", layers);
            json.put("rank", options.given().get("rank"));
            json.put("batch", batch);
            json.put("lr", lr);
            json.put("seed", seed);
            System.out.println(new ObjectMapper().writeValueAsString(json));
            String profile = backend.profileReport();
            if (!profile.isEmpty()) {
                System.err.println("time per operation kind (warm-up and counted epochs):");
                System.err.print(profile);
            }
        }
    }

    /**
     * Products per training sample of a baseline: every linear layer forward (2 in out) and its
     * weight gradient, and its input gradient except the first layer's (whose input, firstIn
     * values, is the coordinates or their encoding).
     */
    static double mlpFlopsPerSample(MlpShape s, int firstIn) {
        double first = 2.0 * firstIn * s.width();
        double hidden = 2.0 * s.width() * s.width();
        double output = 2.0 * s.width() * s.outFeatures();
        return first * 2 + s.hiddenLayers() * hidden * 3 + output * 3;
    }

    /**
     * WIRE's products as this library runs them: the complex layers as real products of twice the
     * width each way (the block matrix), the first layer real, the output 2 x outFeatures wide.
     */
    static double wireFlopsPerSample(MlpShape s) {
        int complex = 2 * WireConfig.complexWidth(s.width());
        double first = 2.0 * s.inFeatures() * complex / 2;
        double hidden = 2.0 * complex * complex;
        double output = 2.0 * complex * 2 * s.outFeatures();
        return first * 2 + s.hiddenLayers() * hidden * 3 + output * 3;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}
