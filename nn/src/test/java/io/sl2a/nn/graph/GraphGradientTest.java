package io.sl2a.nn.graph;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.backend.CompiledProgram;
import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.layers.Activation;
import io.sl2a.nn.layers.ChebyshevLayer;
import io.sl2a.nn.layers.HadamardProduct;
import io.sl2a.nn.layers.LayerNormLayer;
import io.sl2a.nn.layers.LinearLayer;
import io.sl2a.nn.layers.LowRankLayer;
import io.sl2a.program.StepScalars;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The compiler's backward is the derivative of its forward: on a graph where one output feeds
 * three readers (once as both operands of a product), every parameter gradient of the
 * output_gradient routine matches central finite differences of the forward routine.
 */
class GraphGradientTest {
    private static final int ROWS = 5;

    static LayerGraph fanOutGraph() {
        LayerGraph.Builder g = LayerGraph.builder(2);
        String a = g.apply("a", new ChebyshevLayer("a.coeff", 2, 6, 3), g.input());
        String x = g.apply("x", new LayerNormLayer("x.weight", "x.bias", 6), a);
        String h = g.apply("h", new LinearLayer("h.weight", "h.bias", 6, 6, Activation.RELU), x);
        String s = g.apply("s", new HadamardProduct(6), x, x);
        String u = g.apply("u", new LowRankLayer("u.left", "u.right", "u.bias", 6, 2, Activation.RELU), s);
        String m = g.apply("m", new HadamardProduct(6), h, u);
        String v = g.apply("v", new LinearLayer("v.weight", "v.bias", 6, 6, Activation.NONE), x);
        String mv = g.apply("mv", new HadamardProduct(6), m, v);
        g.apply("out", new LinearLayer("out.weight", "out.bias", 6, 2, Activation.NONE), mv);
        return g.build();
    }

    /**
     * Products whose operands' gradients are, in the backward, each of: first written, added to,
     * or not wanted (the network input): every way the compiler can ask a product for them.
     */
    static LayerGraph productGraph() {
        LayerGraph.Builder g = LayerGraph.builder(2);
        String h = g.apply("h", new LinearLayer("h.weight", "h.bias", 2, 2, Activation.NONE), g.input());
        String k = g.apply("k", new LinearLayer("k.weight", "k.bias", 2, 2, Activation.NONE), g.input());
        String p = g.apply("p", new HadamardProduct(2), g.input(), h);
        String s = g.apply("s", new HadamardProduct(2), k, h);
        String q = g.apply("q", new HadamardProduct(2), h, p);
        String r = g.apply("r", new HadamardProduct(2), p, h);
        String u = g.apply("u", new HadamardProduct(2), q, r);
        String t = g.apply("t", new HadamardProduct(2), u, s);
        g.apply("out", new LinearLayer("out.weight", "out.bias", 2, 2, Activation.NONE), t);
        return g.build();
    }

    @Test
    void productGradientsMatchFiniteDifferencesWhicheverOperandAccumulates() {
        assertGradientsMatch(productGraph(), 8);
    }

    @Test
    void outputGradientsMatchFiniteDifferencesOfTheForward() {
        assertGradientsMatch(fanOutGraph(), 12);
    }

    private static void assertGradientsMatch(LayerGraph graph, long seed) {
        assertGradientsMatch(graph, seed, 1e-2, (parameters, random) -> {
            // LayerNorm's affine parameters start at 1 and 0: move them so their gradients are general.
            if (parameters.containsKey("x.weight")) {
                for (int i = 0; i < 6; i++) {
                    parameters.get("x.weight")[i] = (float) (0.5 + random.nextDouble());
                    parameters.get("x.bias")[i] = (float) (random.nextDouble() - 0.5);
                }
            }
        });
    }

    /**
     * Every trainable parameter's gradient of {@code sum_rows w . output} from output_gradient
     * against central differences (step {@code eps}) of the forward, at the graph's initial
     * parameters as {@code adjust} leaves them (it draws from the test's random stream).
     */
    static void assertGradientsMatch(LayerGraph graph, long seed, double eps,
            java.util.function.BiConsumer<Map<String, float[]>, SplittableRandom> adjust) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] coords = new float[ROWS * 2];
        for (int i = 0; i < coords.length; i++) {
            coords[i] = (float) (random.nextDouble() * 2 - 1);
        }
        // The scalar differentiated: sum over rows of w . output(row).
        float[] weights = new float[ROWS * 2];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (float) (random.nextDouble() * 2 - 1);
        }
        Map<String, float[]> parameters = graph.initialParameters(5);
        adjust.accept(parameters, random);
        try (CpuBackend backend = new CpuBackend(1, CpuBackend.GemmChoice.JAVA);
                CompiledProgram program = backend.compile(GraphCompiler.compile(graph, ROWS,
                        AdamSettings.PYTORCH,
                        0))) {
            parameters.forEach(program::write);
            graph.constants().forEach(program::write);
            program.write(GraphCompiler.COORDS, coords);
            program.write(GraphCompiler.PREDICTION_GRADIENT, weights);
            program.run(GraphCompiler.OUTPUT_GRADIENT, ROWS, StepScalars.NONE);
            for (Parameter p : graph.trainableParameters()) {
                float[] analytic = new float[p.size()];
                program.read(GraphCompiler.gradient(p.name()), analytic, 0, p.size());
                float[] values = parameters.get(p.name()).clone();
                double scale = 0;
                for (float g : analytic) {
                    scale = Math.max(scale, Math.abs(g));
                }
                assertTrue(scale > 1e-3, p.name() + " has a gradient");
                for (int i = 0; i < values.length; i += Math.max(1, values.length / 7)) {
                    float original = values[i];
                    values[i] = (float) (original + eps);
                    double plus = objective(program, p.name(), values, weights);
                    values[i] = (float) (original - eps);
                    double minus = objective(program, p.name(), values, weights);
                    values[i] = original;
                    program.write(p.name(), values);
                    double numeric = (plus - minus) / (2 * eps);
                    assertTrue(Math.abs(numeric - analytic[i]) <= 2e-2 * scale + 1e-4,
                            p.name() + "[" + i + "]: backward " + analytic[i] + ", finite differences " + numeric);
                }
            }
        }
    }

    private static double objective(CompiledProgram program, String parameter, float[] values, float[] weights) {
        program.write(parameter, values);
        program.run(GraphCompiler.FORWARD, ROWS, StepScalars.NONE);
        float[] out = new float[ROWS * 2];
        program.read(GraphCompiler.PREDICTION, out, 0, out.length);
        double sum = 0;
        for (int i = 0; i < out.length; i++) {
            sum += (double) weights[i] * out[i];
        }
        return sum;
    }
}
