package io.sl2a.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.GraphCompiler;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.nn.graph.PointMse;
import io.sl2a.nn.models.GaussConfig;
import io.sl2a.nn.models.MlpShape;
import io.sl2a.nn.models.ReluConfig;
import io.sl2a.nn.models.ReluPeConfig;
import io.sl2a.nn.models.SirenConfig;
import io.sl2a.nn.models.Sl2aConfig;
import io.sl2a.nn.models.WireConfig;
import io.sl2a.program.BufferRole;
import io.sl2a.program.BufferSpec;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import io.sl2a.program.StepScalars;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The cpu backend's row chunks ({@link RowChunkedRoutine}) compute what the whole batch does: the
 * same gradients, parameters after Adam, running loss and predictions, for every model whose
 * operations it knows, with partial last chunks and a last batch smaller than the others, on both
 * products; and routines with an operation it does not know run whole.
 */
class RowChunkedTrainingTest {
    private static final AdamSettings ADAM = AdamSettings.PYTORCH;
    private static final int MAX_ROWS = 41;
    /** Rows of the batches: full, full, then a smaller last one (an epoch's end). */
    private static final int[] BATCHES = {41, 41, 29};
    /** Chunks of 3 rows: batches of 41 and 29 rows both end with a partial chunk. */
    private static final int CHUNK = 3;
    private static final int AXIS = 7;

    private static LayerGraph graph(String model) {
        MlpShape shape = new MlpShape(2, 3, 12, 2);
        return switch (model) {
            case "sl2a", "sl2a-grid" -> new Sl2aConfig(2, 3, 5, 12, 3, 4, true, true).graph();
            case "sl2a-full-rank" -> new Sl2aConfig(2, 3, 5, 12, 2, Sl2aConfig.FULL_RANK, false, true).graph();
            case "relu" -> new ReluConfig(shape).graph();
            case "relu-pe" -> new ReluPeConfig(shape, 3).graph();
            case "siren" -> new SirenConfig(shape, 30f, 30f).graph();
            case "gauss" -> new GaussConfig(shape, 10f).graph();
            case "wire" -> new WireConfig(shape, 20f, 10f, 10f).graph();
            default -> throw new IllegalArgumentException(model);
        };
    }

    /** What a few training steps leave: every gradient and parameter, the loss sum, a forward pass. */
    private record Outcome(Map<String, float[]> firstGradients, Map<String, float[]> parameters, float squaredErrorSum,
            float[] prediction, Map<String, float[]> outputGradients, boolean chunked) {
    }

    private static Outcome train(String model, int chunkRows, CpuBackend.GemmChoice gemm) {
        LayerGraph graph = graph(model);
        boolean grid = model.equals("sl2a-grid");
        Program program = GraphCompiler.compile(graph, MAX_ROWS, ADAM, grid ? AXIS : 0);
        SplittableRandom random = new SplittableRandom(5);
        try (CpuBackend backend = new CpuBackend(2, gemm, chunkRows);
                CpuProgram compiled = (CpuProgram) backend.compile(program)) {
            graph.initialParameters(3).forEach(compiled::write);
            if (grid) {
                float[] values = new float[2 * AXIS];
                for (int i = 0; i < values.length; i++) {
                    values[i] = -1f + 2f * (i % AXIS) / (AXIS - 1);
                }
                compiled.write(GraphCompiler.AXIS_VALUES, values);
            }
            Map<String, float[]> firstGradients = new LinkedHashMap<>();
            boolean chunked = compiled.runsChunked(GraphCompiler.TRAIN_STEP, MAX_ROWS);
            for (int step = 0; step < BATCHES.length; step++) {
                int rows = BATCHES[step];
                float[] inputs = new float[rows * 2];
                for (int i = 0; i < inputs.length; i++) {
                    inputs[i] = grid ? random.nextInt(AXIS) : (float) random.nextDouble(-1, 1);
                }
                float[] targets = new float[rows * 3];
                for (int i = 0; i < targets.length; i++) {
                    targets[i] = (float) random.nextDouble();
                }
                compiled.write(grid ? GraphCompiler.AXIS_INDEX : GraphCompiler.COORDS, inputs);
                compiled.write(PointMse.TARGETS, targets);
                compiled.run(GraphCompiler.TRAIN_STEP, rows, StepScalars.adam(1e-3, ADAM.beta1(), ADAM.beta2(),
                        step + 1));
                if (step == 0) {
                    for (Parameter p : graph.trainableParameters()) {
                        firstGradients.put(p.name(), compiled.read(GraphCompiler.gradient(p.name())));
                    }
                }
            }
            Map<String, float[]> parameters = new LinkedHashMap<>();
            for (Parameter p : graph.parameters()) {
                parameters.put(p.name(), compiled.read(p.name()));
            }
            float[] coords = new float[MAX_ROWS * 2];
            for (int i = 0; i < coords.length; i++) {
                coords[i] = (float) random.nextDouble(-1, 1);
            }
            compiled.write(GraphCompiler.COORDS, coords);
            StepScalars unused = StepScalars.adam(1e-3, ADAM.beta1(), ADAM.beta2(), 1);
            compiled.run(GraphCompiler.FORWARD, MAX_ROWS, unused);
            float[] prediction = compiled.read(GraphCompiler.PREDICTION);
            // The gradient of the outputs' sum weighted by the host (as the NTK analysis asks).
            float[] weights = new float[MAX_ROWS * 3];
            for (int i = 0; i < weights.length; i++) {
                weights[i] = (float) random.nextDouble(-1, 1);
            }
            compiled.write(GraphCompiler.PREDICTION_GRADIENT, weights);
            compiled.run(GraphCompiler.OUTPUT_GRADIENT, MAX_ROWS, unused);
            Map<String, float[]> outputGradients = new LinkedHashMap<>();
            for (Parameter p : graph.trainableParameters()) {
                outputGradients.put(p.name(), compiled.read(GraphCompiler.gradient(p.name())));
            }
            return new Outcome(firstGradients, parameters, compiled.read(PointMse.SQUARED_ERROR_SUM)[0], prediction,
                    outputGradients, chunked);
        }
    }

    private static void assertClose(float[] expected, float[] actual, double relative, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(expected[i] - actual[i]);
            assertTrue(error <= relative * scale + 1e-7, what + "[" + i + "]: " + expected[i] + " whole, " + actual[i]
                    + " chunked");
        }
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"sl2a", "sl2a-grid", "sl2a-full-rank", "relu", "relu-pe",
        "siren", "gauss"})
    void chunkedStepsMatchTheWholeBatch(String model) {
        for (CpuBackend.GemmChoice gemm : new CpuBackend.GemmChoice[] {CpuBackend.GemmChoice.AUTO,
            CpuBackend.GemmChoice.JAVA}) {
            Outcome whole = train(model, 0, gemm);
            Outcome chunked = train(model, CHUNK, gemm);
            assertFalse(whole.chunked());
            assertTrue(chunked.chunked(), model + " should run in row chunks");
            whole.firstGradients().forEach((name, g) -> assertClose(g, chunked.firstGradients().get(name), 1e-5,
                    model + " gradient of " + name));
            whole.parameters().forEach((name, p) -> assertClose(p, chunked.parameters().get(name), 1e-4,
                    model + " " + name + " after Adam"));
            assertEquals(whole.squaredErrorSum(), chunked.squaredErrorSum(), 1e-5 * whole.squaredErrorSum(), model);
            assertClose(whole.prediction(), chunked.prediction(), 1e-4, model + " prediction");
            whole.outputGradients().forEach((name, g) -> assertClose(g, chunked.outputGradients().get(name), 1e-5,
                    model + " output gradient of " + name));
        }
    }

    @Test
    void aRoutineWithAnOperationItDoesNotKnowRunsWhole() {
        Outcome chunked = train("wire", CHUNK, CpuBackend.GemmChoice.AUTO);
        assertFalse(chunked.chunked(), "wire's complex Gabor operations are not known to be row-local");
        Outcome whole = train("wire", 0, CpuBackend.GemmChoice.AUTO);
        whole.parameters().forEach((name, p) -> assertClose(p, chunked.parameters().get(name), 0, name));
    }

    /** What a chunked run leaves in its chunks is refused, read by the host or by the next routine. */
    @Test
    void intermediatesLeftInTheChunksAreNotReadStale() {
        Program program = Program.builder(64)
                .buffer(BufferSpec.perRow("x", BufferRole.INPUT, 4))
                .buffer(BufferSpec.perRow("square", BufferRole.ACTIVATION, 4))
                .buffer(BufferSpec.perRow("fourth", BufferRole.OUTPUT, 4))
                .routine("square", List.of(new Op.Multiply("x", "x", "square", 4, false)))
                .routine("fourth", List.of(
                        new Op.Multiply("square", "square", "fourth", 4, false)))
                .build();
        try (CpuBackend backend = new CpuBackend(2, CpuBackend.GemmChoice.AUTO, 4);
                CpuProgram compiled = (CpuProgram) backend.compile(program)) {
            compiled.write("x", new float[64 * 4]);
            compiled.run("square", 64, StepScalars.NONE);
            IllegalStateException read = assertThrows(IllegalStateException.class,
                    () -> compiled.read("square"));
            assertTrue(read.getMessage().startsWith("buffer square is an intermediate of a routine run in row chunks"),
                    read.getMessage());
            IllegalStateException run = assertThrows(IllegalStateException.class,
                    () -> compiled.run("fourth", 64, StepScalars.NONE));
            assertTrue(run.getMessage().startsWith("routine fourth reads square"), run.getMessage());
            // Once the host writes it, it is its own again.
            compiled.write("square", new float[64 * 4]);
            compiled.run("fourth", 64, StepScalars.NONE);
            assertEquals(0f, compiled.read("fourth")[5]);
        }
    }

    @Test
    void batchesTooSmallForEveryCoreToHaveFourChunksRunWhole() {
        Program program = GraphCompiler.compile(graph("relu"), 300, ADAM, 0);
        try (CpuBackend backend = new CpuBackend(2, CpuBackend.GemmChoice.AUTO, 32);
                CpuProgram compiled = (CpuProgram) backend.compile(program)) {
            assertFalse(compiled.runsChunked(GraphCompiler.TRAIN_STEP, 255), "255 rows: under 4 chunks of 32 a core");
            assertTrue(compiled.runsChunked(GraphCompiler.TRAIN_STEP, 256));
            assertTrue(compiled.runsChunked(GraphCompiler.FORWARD, 300));
        }
    }
}
