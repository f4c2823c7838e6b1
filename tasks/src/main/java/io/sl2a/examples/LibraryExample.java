package io.sl2a.examples;

import io.sl2a.backend.Backend;
import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.models.ModelCheckpoint;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.models.Sl2aConfig;
import io.sl2a.nn.train.FitData;
import io.sl2a.nn.train.Trainer;
import io.sl2a.nn.train.TrainingOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * sl2a as a library: a model from its configuration, fitted to a program's own data (a 1-D
 * signal here), on a chosen backend, evaluated at new points and saved as a checkpoint. The
 * README shows this class; CI compiles and runs it.
 *
 * <pre>
 *   java -cp ... io.sl2a.examples.LibraryExample [OUT.safetensors]
 * </pre>
 */
public final class LibraryExample {
    private LibraryExample() {
    }

    public static void main(String[] args) throws Exception {
        // 512 samples of a chirp on [-1, 1]: coordinates in, values out, one of each per point.
        int points = 512;
        float[] x = new float[points];
        float[] y = new float[points];
        for (int i = 0; i < points; i++) {
            x[i] = -1 + 2f * i / (points - 1);
            y[i] = (float) (0.5 + 0.4 * Math.sin(12 * x[i] * x[i] + 3 * x[i]));
        }
        FitData data = new FitData(x, y, points, 1, 1);

        // Any model of the library: SL2A here (1 input, 1 output), or e.g. new SirenConfig(...).
        ModelConfig model = new Sl2aConfig(1, 1, 32, 64, 2, 32, true, true);
        TrainingOptions training = new TrainingOptions(300, 128, 1e-3, 7);
        try (Backend backend = new CpuBackend(Runtime.getRuntime().availableProcessors(), CpuBackend.GemmChoice.AUTO);
                DeviceNetwork network = DeviceNetwork.create(backend, model.graph(), training.batchSize(),
                        training.adam(), 0)) {
            network.setParameters(model.graph().initialParameters(training.seed()));
            double[] last = new double[1];
            new Trainer(network, data, training).train(epoch -> last[0] = epoch.psnr());

            float[] between = {0.123f, -0.456f};
            float[] predicted = network.predict(between, between.length);
            System.out.printf("PSNR of the last epoch %.2f dB; f(0.123) = %.4f (true %.4f)%n", last[0], predicted[0],
                    0.5 + 0.4 * Math.sin(12 * 0.123 * 0.123 + 3 * 0.123));

            Path out = Path.of(args.length > 0 ? args[0] : "chirp.safetensors");
            Files.write(out, new ModelCheckpoint(model, network.parameters()).toBytes());
            System.out.println("wrote " + out);
        }
    }
}
