package io.sl2a.nn.objectives;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.graph.GraphCompiler;
import io.sl2a.nn.graph.LayerGraph;
import io.sl2a.nn.graph.LossEmission;
import io.sl2a.nn.graph.Objective;
import io.sl2a.nn.models.NerfFieldConfig;
import io.sl2a.nn.models.Sl2aConfig;
import io.sl2a.nn.operators.VolumeRendering;
import io.sl2a.program.BufferRole;
import io.sl2a.program.BufferSpec;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import io.sl2a.program.StepScalars;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the compiler takes from an objective: the rendered objective's own routine and checks, and
 * a loss written outside the compiler's package that trains as the built-in one does.
 */
class ObjectivesTest {
    private static final AdamSettings ADAM = AdamSettings.PYTORCH;
    private static final VolumeRendering RENDERING = new VolumeRendering(4, 6, 0.5f);

    private static LayerGraph field() {
        return NerfFieldConfig.of(new Sl2aConfig(3, 8, 4, 8, 1, 4, true, true), 8, 8, 1).graph();
    }

    @Test
    void theRenderedObjectiveAddsItsRenderRoutineBetweenForwardAndTrainStep() {
        Program program = GraphCompiler.compile(field(), RENDERING.rows(), ADAM, 0, new RenderedMse(RENDERING));
        assertEquals(List.of(GraphCompiler.FORWARD, RenderedMse.RENDER, GraphCompiler.TRAIN_STEP,
                GraphCompiler.OUTPUT_GRADIENT), new ArrayList<>(program.routines().keySet()));
        List<Op> forward = program.routine(GraphCompiler.FORWARD).ops();
        List<Op> render = program.routine(RenderedMse.RENDER).ops();
        assertEquals(forward, render.subList(0, forward.size()));
        assertEquals(forward.size() + 1, render.size());
        assertTrue(render.get(forward.size()) instanceof Op.VolumeRender);
        assertEquals(RENDERING.rays() * 3, program.buffer(RenderedMse.RAY_TARGETS).size());
    }

    @Test
    void theRenderedObjectiveRefusesWhatItCannotRender() {
        RenderedMse objective = new RenderedMse(RENDERING);
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class, () -> GraphCompiler.compile(
                new Sl2aConfig(3, 3, 4, 8, 1, 4, true, true).graph(), RENDERING.rows(), ADAM, 0, objective));
        assertTrue(width.getMessage().contains("(4 values), not 3"), width.getMessage());
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> GraphCompiler.compile(field(), RENDERING.rows() + 1, ADAM, 0, objective));
        assertTrue(rows.getMessage().contains("takes 24 rows, the program has 25"), rows.getMessage());
        IllegalArgumentException grid = assertThrows(IllegalArgumentException.class,
                () -> GraphCompiler.compile(field(), RENDERING.rows(), ADAM, 8, objective));
        assertTrue(grid.getMessage().contains("not grid indices"), grid.getMessage());
    }

    /** PointMse's loss under other buffer names, as a task outside the compiler would write its own. */
    private record RenamedMse() implements Objective {
        static final String TARGETS = "input.own_targets";
        static final String ERRORS = "output.own_errors";

        @Override
        public List<Op> emitLoss(LossEmission loss) {
            loss.declare(BufferSpec.perRow(TARGETS, BufferRole.INPUT, loss.channels()));
            loss.declare(BufferSpec.perRow(ERRORS, BufferRole.OUTPUT, 1));
            return List.of(new Op.MseLoss(GraphCompiler.PREDICTION, TARGETS, GraphCompiler.PREDICTION_GRADIENT, ERRORS,
                    loss.channels()));
        }
    }

    @Test
    void anObjectiveFromOutsideTheCompilerTrainsAsTheBuiltInOne() {
        LayerGraph graph = new Sl2aConfig(2, 3, 5, 8, 2, 4, true, true).graph();
        int points = 6;
        float[] coords = new float[points * 2];
        float[] targets = new float[points * 3];
        for (int i = 0; i < coords.length; i++) {
            coords[i] = (float) Math.sin(i + 1.0);
        }
        for (int i = 0; i < targets.length; i++) {
            targets[i] = (float) Math.cos(i * 0.7);
        }
        try (CpuBackend backend = new CpuBackend(1, CpuBackend.GemmChoice.JAVA);
                DeviceNetwork own = DeviceNetwork.create(backend, graph, points, ADAM, 0, new RenamedMse());
                DeviceNetwork builtIn = DeviceNetwork.create(backend, graph, points, ADAM, 0)) {
            own.setParameters(graph.initialParameters(4));
            builtIn.setParameters(graph.initialParameters(4));
            own.setFullBatch(coords);
            own.program().write(RenamedMse.TARGETS, targets);
            for (int step = 1; step <= 2; step++) {
                StepScalars scalars = StepScalars.adam(1e-2, ADAM.beta1(), ADAM.beta2(), step);
                own.trainStepFullBatch(scalars);
                builtIn.trainStep(coords, targets, points, scalars);
                assertEquals(builtIn.lastSquaredError(points), own.sum(RenamedMse.ERRORS, points), 0.0);
            }
            Map<String, float[]> expected = builtIn.parameters();
            own.parameters().forEach((name, values) -> assertArrayEquals(expected.get(name), values, 0.0f, name));
        }
    }
}
