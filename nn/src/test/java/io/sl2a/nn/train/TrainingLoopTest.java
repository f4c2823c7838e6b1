package io.sl2a.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.RecordingBackend;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.graph.GraphCompiler;
import io.sl2a.nn.graph.PointMse;
import io.sl2a.nn.models.Sl2aConfig;
import io.sl2a.program.StepScalars;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The training loop, judged by what reaches the device: which points make up each minibatch,
 * the learning rate of each step, the epoch's loss, and what is kept when training diverges.
 * Each point's first target channel encodes its number, so a batch's targets say which points it
 * holds.
 */
class TrainingLoopTest {
    private static final int WIDTH = 10;
    private static final int HEIGHT = 7;
    private static final int POINTS = WIDTH * HEIGHT;
    private static final int BATCH = 16;
    private static final Sl2aConfig CONFIG = new Sl2aConfig(2, 2, 4, 8, 1, 2, true, true);

    /** One training run on a recording cpu backend; the one place this test touches the trainer's API. */
    private record Run(RecordingBackend backend, List<EpochResult> epochs, List<Map<String,
            float[]>> parametersAfterEpoch,
            Map<String, float[]> initial, FitData data, double wallSeconds) {
    }

    private static FitData identifiedPoints() {
        float[] pixels = new float[2 * POINTS];
        for (int p = 0; p < POINTS; p++) {
            pixels[2 * p] = (float) p / POINTS;
            pixels[2 * p + 1] = (p * 7 % 11) / 11.0f;
        }
        return FitData.image(WIDTH, HEIGHT, 2, pixels);
    }

    private static int pointOf(float target) {
        return Math.round(target * POINTS);
    }

    private static Run train(int epochs, double lr, long seed, boolean grid, BiConsumer<io.sl2a.backend.CompiledProgram,
            RecordingBackend.Call> afterRun) {
        return train(epochs, BATCH, lr, seed, grid, afterRun);
    }

    private static Run train(int epochs, int batch, double lr, long seed, boolean grid,
            BiConsumer<io.sl2a.backend.CompiledProgram, RecordingBackend.Call> afterRun) {
        FitData data = identifiedPoints();
        RecordingBackend backend = new RecordingBackend(new CpuBackend(2, CpuBackend.GemmChoice.JAVA));
        backend.afterEachRun(afterRun);
        Map<String, float[]> initial = CONFIG.graph().initialParameters(5);
        List<EpochResult> results = new ArrayList<>();
        List<Map<String, float[]>> after = new ArrayList<>();
        TrainingOptions options = new TrainingOptions(epochs, batch, lr, seed);
        long start = System.nanoTime();
        try (DeviceNetwork network = DeviceNetwork.create(backend, CONFIG.graph(), batch, options.adam(),
                grid ? data.grid().axisLength() : 0)) {
            network.setParameters(initial);
            new Trainer(network, data, options).train(result -> {
                results.add(result);
                after.add(network.parameters());
            });
        } finally {
            backend.close();
        }
        return new Run(backend, results, after, initial, data, (System.nanoTime() - start) / 1e9);
    }

    private static Run train(int epochs, double lr, long seed, boolean grid) {
        return train(epochs, lr, seed, grid, (program, call) -> { });
    }

    /** The points of each training step's batch, in the order the device received them. */
    private static List<int[]> batches(Run run) {
        List<int[]> batches = new ArrayList<>();
        List<RecordingBackend.Call> steps = run.backend().runs(GraphCompiler.TRAIN_STEP);
        List<float[]> targets = run.backend().writtenBefore(GraphCompiler.TRAIN_STEP, PointMse.TARGETS);
        for (int s = 0; s < steps.size(); s++) {
            int rows = steps.get(s).rows();
            int[] points = new int[rows];
            for (int r = 0; r < rows; r++) {
                points[r] = pointOf(targets.get(s)[2 * r]);
            }
            batches.add(points);
        }
        return batches;
    }

    /** The order in which each epoch visited the points. */
    private static List<int[]> epochOrders(Run run, int epochs) {
        List<int[]> batches = batches(run);
        int stepsPerEpoch = batches.size() / epochs;
        List<int[]> orders = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            orders.add(batches.subList(e * stepsPerEpoch, (e + 1) * stepsPerEpoch).stream()
                    .flatMapToInt(Arrays::stream).toArray());
        }
        return orders;
    }

    @ParameterizedTest(name = "grid path {0}, batch {1}")
    @CsvSource({"true, 16", "false, 16", "true, 14", "false, 70"})
    void everyEpochVisitsEveryPointOnceInAFreshOrderWithAPartialLastBatch(boolean grid, int batch) {
        int epochs = 3;
        Run run = train(epochs, batch, 1e-3, 42, grid, (program, call) -> { });
        List<RecordingBackend.Call> steps = run.backend().runs(GraphCompiler.TRAIN_STEP);
        int[] rows = steps.stream().mapToInt(RecordingBackend.Call::rows).toArray();
        int[] perEpoch = switch (batch) {
            case 16 -> new int[] {16, 16, 16, 16, 6};
            case 14 -> new int[] {14, 14, 14, 14, 14};
            default -> new int[] {70};
        };
        assertArrayEquals(concat(perEpoch, perEpoch, perEpoch), rows,
                "rows of each step (70 points, batch " + batch + ")");
        List<int[]> orders = epochOrders(run, epochs);
        int[] identity = new int[POINTS];
        Arrays.setAll(identity, p -> p);
        for (int e = 0; e < epochs; e++) {
            int[] sorted = orders.get(e).clone();
            Arrays.sort(sorted);
            assertArrayEquals(identity, sorted, "epoch " + e + " visits every point exactly once");
            assertNotEquals(Arrays.toString(identity), Arrays.toString(orders.get(e)), "epoch " + e + " is shuffled");
        }
        assertNotEquals(Arrays.toString(orders.get(0)), Arrays.toString(orders.get(1)), "a fresh order each epoch");
        assertNotEquals(Arrays.toString(orders.get(1)), Arrays.toString(orders.get(2)), "a fresh order each epoch");
        assertInputsMatchTargets(run, grid);
    }

    /** The coordinates (or grid indices) sent with each batch belong to the points its targets name. */
    private static void assertInputsMatchTargets(Run run, boolean grid) {
        String inputBuffer = grid ? GraphCompiler.AXIS_INDEX : GraphCompiler.COORDS;
        float[] source = grid ? run.data().grid().pointIndex() : run.data().coords();
        List<float[]> inputs = run.backend().writtenBefore(GraphCompiler.TRAIN_STEP, inputBuffer);
        List<int[]> batches = batches(run);
        for (int s = 0; s < batches.size(); s++) {
            for (int r = 0; r < batches.get(s).length; r++) {
                int point = batches.get(s)[r];
                assertEquals(source[2 * point], inputs.get(s)[2 * r], "x of point " + point);
                assertEquals(source[2 * point + 1], inputs.get(s)[2 * r + 1], "y of point " + point);
            }
        }
    }

    @Test
    void theSeedFixesTheOrderAndAnotherSeedChangesIt() {
        String first = Arrays.deepToString(epochOrders(train(2, 1e-3, 7, true), 2).toArray());
        assertEquals(first, Arrays.deepToString(epochOrders(train(2, 1e-3, 7, true), 2).toArray()));
        assertNotEquals(first, Arrays.deepToString(epochOrders(train(2, 1e-3, 8, true), 2).toArray()));
    }

    @Test
    void eachStepUsesItsEpochsScheduledLearningRate() {
        int epochs = 4;
        double lr = 1e-2;
        Run run = train(epochs, lr, 1, true);
        List<RecordingBackend.Call> steps = run.backend().runs(GraphCompiler.TRAIN_STEP);
        int stepsPerEpoch = 5;
        assertEquals(epochs * stepsPerEpoch, steps.size());
        for (int s = 0; s < steps.size(); s++) {
            int epoch = s / stepsPerEpoch;
            int t = s + 1;
            double rate = lr * Math.pow(0.1, (double) epoch / epochs);
            StepScalars expected = StepScalars.adam(rate, 0.9, 0.999, t);
            assertEquals(expected.adamStepSize(), steps.get(s).scalars().adamStepSize(), 1e-6 * expected.adamStepSize(),
                    "Adam step size lr_e / (1 - 0.9^t) at step " + t);
            assertEquals(expected.adamSqrtBiasCorrection2(), steps.get(s).scalars().adamSqrtBiasCorrection2(), 1e-7,
                    "sqrt(1 - 0.999^t) at step " + t);
        }
        for (int e = 0; e < epochs; e++) {
            assertEquals(lr * Math.pow(0.1, (double) e / epochs), run.epochs().get(e).learningRate(), 1e-15,
                    "reported rate of epoch " + e);
        }
    }

    @Test
    void theEpochLossIsTheMeanSquaredErrorOverEveryPoint() {
        // A learning rate far below float resolution: the parameters never move, so every
        // prediction of every epoch is the initial network's.
        Run run = train(2, 1e-30, 3, true);
        assertArrayEquals(run.initial().get(Sl2aConfig.COEFFICIENTS),
                run.parametersAfterEpoch().get(0).get(Sl2aConfig.COEFFICIENTS));
        float[] predicted;
        try (CpuBackend cpu = new CpuBackend(1, CpuBackend.GemmChoice.JAVA);
                DeviceNetwork network = DeviceNetwork.create(cpu, CONFIG.graph(), POINTS,
                        AdamSettings.PYTORCH, 0)) {
            network.setParameters(run.initial());
            predicted = network.predict(run.data().coords(), POINTS);
        }
        double sum = 0;
        for (int i = 0; i < 2 * POINTS; i++) {
            double d = predicted[i] - run.data().targets()[i];
            sum += d * d;
        }
        double mse = sum / (2 * POINTS);
        for (int e = 0; e < 2; e++) {
            assertEquals(mse, run.epochs().get(e).mse(), 1e-5 * mse, "MSE of epoch " + e + " over all 70 points");
            assertEquals(-10 * Math.log10(mse), run.epochs().get(e).psnr(), 1e-4);
        }
        double seconds = run.epochs().stream().mapToDouble(EpochResult::seconds).sum();
        assertTrue(seconds > 0 && seconds <= run.wallSeconds(), "epoch times " + seconds + " s within the run's "
                + run.wallSeconds() + " s");
    }

    @Test
    void theLastBatchOfAnEpochTrains() {
        // Parameters read after each step: the six-point batch (the fifth step) changes them.
        List<float[]> afterStep = new ArrayList<>();
        Run run = train(1, 1e-2, 3, true, (program, call) -> {
            float[] values = new float[CONFIG.width() * 2];
            program.read(Sl2aConfig.outputWeight(CONFIG), values, 0, CONFIG.width());
            afterStep.add(values);
        });
        assertEquals(5, afterStep.size());
        assertTrue(!Arrays.equals(afterStep.get(3), afterStep.get(4)),
                "the last (partial) step updates the parameters");
        assertEquals(6, run.backend().runs(GraphCompiler.TRAIN_STEP).get(4).rows());
    }

    @ParameterizedTest(name = "fault at step {0}")
    @ValueSource(ints = {3, 12, 20})
    void aDivergedRunKeepsExactlyTheParametersOfTheLastGoodEpoch(int faultyStep) {
        int epochs = 4;
        Run clean = train(epochs, 1e-2, 9, true);
        int[] stepsRun = {0};
        TrainingDivergedException diverged = assertThrows(TrainingDivergedException.class,
                () -> train(epochs, 1e-2, 9, true, (program, call) -> {
                    if (call.routine().equals(GraphCompiler.TRAIN_STEP) && ++stepsRun[0] == faultyStep) {
                        float[] poisoned = new float[1];
                        Arrays.fill(poisoned, Float.NaN);
                        program.write(Sl2aConfig.NORM_BIAS, poisoned, 0, 1);
                    }
                }));
        int faultyEpoch = (faultyStep - 1) / 5;
        assertEquals(faultyEpoch, diverged.epoch(), "epoch in which the loss became NaN");
        assertEquals(faultyEpoch, diverged.lastGoodEpoch(), "good epochs completed");
        Map<String, float[]> expected = faultyEpoch == 0 ? clean.initial() : clean.parametersAfterEpoch().get(faultyEpoch - 1);
        Map<String, float[]> kept = new LinkedHashMap<>(diverged.lastGoodParameters());
        assertEquals(expected.keySet(), kept.keySet());
        for (Map.Entry<String, float[]> e : expected.entrySet()) {
            assertArrayEquals(e.getValue(), kept.get(e.getKey()), "kept " + e.getKey() + " bit for bit");
        }
    }

    private static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }
}
