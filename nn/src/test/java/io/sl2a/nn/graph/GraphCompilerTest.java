package io.sl2a.nn.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.nn.graph.ParameterShape;
import io.sl2a.nn.layers.Activation;
import io.sl2a.nn.layers.HadamardProduct;
import io.sl2a.nn.layers.LayerNormLayer;
import io.sl2a.nn.layers.LinearLayer;
import io.sl2a.nn.models.Sl2aConfig;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the compiler makes of a graph, and the graphs it refuses. */
class GraphCompilerTest {
    private static final AdamSettings ADAM = AdamSettings.PYTORCH;

    @Test
    void sl2aGraphsHaveTheCheckpointLayout() {
        for (Sl2aConfig c : new Sl2aConfig[] {Sl2aConfig.reference(3), new Sl2aConfig(2, 1, 4, 8, 2,
                Sl2aConfig.FULL_RANK, true,
                true), new Sl2aConfig(3, 2, 5, 8, 0, 4, false, false), new Sl2aConfig(2, 3, 6, 16, 3, 4, false,
                        true)}) {
            List<ParameterShape> shapes = c.graph().parameters().stream().map(Parameter::shape).toList();
            assertEquals(Sl2aConfig.parameters(c), shapes, c.toString());
        }
    }

    private static long count(List<Op> ops, Class<? extends Op> kind) {
        return ops.stream().filter(kind::isInstance).count();
    }

    @Test
    void sl2aTrainsInTheHandWrittenNumberOfPassesWithModulationFused() {
        Sl2aConfig c = new Sl2aConfig(2, 3, 6, 16, 3, 4, true, true);
        Program program = GraphCompiler.compile(c.graph(), 64, ADAM, 0);
        List<Op> forward = program.routine(GraphCompiler.FORWARD).ops();
        // z_1 = x * x, then every hidden layer's bias+ReLU makes the next input in the same pass.
        assertEquals(1, count(forward, Op.Multiply.class));
        assertEquals(3, count(forward, Op.BiasActivationModulate.class));
        assertEquals(1, count(forward, Op.BiasActivation.class), "the output layer's bias");
        List<Op> step = program.routine(GraphCompiler.TRAIN_STEP).ops();
        assertEquals(3, count(step, Op.ModulationBackward.class));
        // Forward: 2 products per low-rank layer and the output's; backward: 4 per low-rank layer
        // (both factors' gradients, the inner and the input gradient) and the output's 2.
        assertEquals(3 * 2 + 1 + 3 * 4 + 2, count(step, Op.MatMul.class));
        assertEquals(Sl2aConfig.parameters(c).size(), count(step, Op.AdamUpdate.class));
        // Activation gradients are reused: no more gradient buffers than the widths need at once.
        long gradientBuffers = program.buffers().keySet().stream().filter(n -> n.startsWith("grad.act")).count();
        assertTrue(gradientBuffers <= 3, "gradient buffers " + program.buffers().keySet());
    }

    @Test
    void aGridProgramTabulatesTheAxesInTrainStepOnly() {
        Program program = GraphCompiler.compile(new Sl2aConfig(2, 3, 6, 16, 2, 4, true, true).graph(), 64, ADAM, 24);
        assertEquals(1, count(program.routine(GraphCompiler.TRAIN_STEP).ops(), Op.ChebyshevAxisTable.class));
        assertEquals(0, count(program.routine(GraphCompiler.TRAIN_STEP).ops(), Op.ChebyshevForward.class));
        assertEquals(1, count(program.routine(GraphCompiler.FORWARD).ops(), Op.ChebyshevForward.class));
        assertEquals(1, count(program.routine(GraphCompiler.OUTPUT_GRADIENT).ops(), Op.ChebyshevCoeffGrad.class));
    }

    @Test
    void refusesGraphsItCannotDifferentiate() {
        LayerGraph.Builder unused = LayerGraph.builder(2);
        String h = unused.apply("h", new LinearLayer("h.w", "h.b", 2, 4, Activation.RELU), unused.input());
        unused.apply("dead", new LinearLayer("d.w", "d.b", 4, 4, Activation.RELU), h);
        unused.apply("out", new LinearLayer("o.w", "o.b", 4, 1, Activation.NONE), h);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GraphCompiler.compile(unused.build(), 8, ADAM, 0));
        assertEquals("the output of layer dead is never read", e.getMessage());

        LayerGraph.Builder shared = LayerGraph.builder(2);
        String a = shared.apply("a", new LinearLayer("a.w", "a.b", 2, 4, Activation.NONE), shared.input());
        String n = shared.apply("n", new LayerNormLayer("n.w", "n.b", 4), a);
        String m = shared.apply("m", new HadamardProduct(4), n, a);
        shared.apply("out", new LinearLayer("o.w", "o.b", 4, 1, Activation.NONE), m);
        UnsupportedGradientException u = assertThrows(UnsupportedGradientException.class,
                () -> GraphCompiler.compile(shared.build(), 8, ADAM, 0));
        assertEquals("layer n (LayerNormLayer): its input gradient is written, never accumulated: give its input no other"
                + " reader", u.getMessage());
    }

    @Test
    void theBuilderChecksIdsInputsWidthsAndParameterNames() {
        LayerGraph.Builder g = LayerGraph.builder(2);
        String h = g.apply("h", new LinearLayer("h.w", "h.b", 2, 4, Activation.RELU), g.input());
        assertEquals("layer id used twice: h", assertThrows(IllegalArgumentException.class,
                () -> g.apply("h", new LinearLayer("x.w", "x.b", 4, 4, Activation.RELU), h)).getMessage());
        assertEquals("layer k reads act.nothing, which no earlier layer writes",
                assertThrows(IllegalArgumentException.class,
                () -> g.apply("k", new LinearLayer("k.w", "k.b", 4, 4, Activation.RELU), "act.nothing")).getMessage());
        assertEquals("layer k input 0 has width 2, expected 4", assertThrows(IllegalArgumentException.class,
                () -> g.apply("k", new LinearLayer("k.w", "k.b", 4, 4, Activation.RELU), g.input())).getMessage());
        assertEquals("layer k takes 2 inputs, got 1", assertThrows(IllegalArgumentException.class,
                () -> g.apply("k", new HadamardProduct(4), h)).getMessage());
        assertEquals("parameter h.w belongs to two layers", assertThrows(IllegalArgumentException.class,
                () -> g.apply("k", new LinearLayer("h.w", "k.b", 4, 4, Activation.RELU), h)).getMessage());
        assertEquals("a network needs at least one layer", assertThrows(IllegalArgumentException.class,
                () -> LayerGraph.builder(2).build()).getMessage());
    }
}
