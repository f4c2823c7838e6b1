package io.sl2a.nn.layers;

import io.sl2a.kernels.WaveKernels;
import io.sl2a.nn.graph.Emission;
import io.sl2a.nn.graph.Initializer;
import io.sl2a.nn.graph.Layer;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.program.Extent;
import io.sl2a.program.Op;
import java.util.List;

/**
 * Tancik et al.'s Gaussian Fourier feature mapping {@code [sin(2 pi x B^T), cos(2 pi x B^T)]}, B
 * [mapping, in] drawn N(0, scale^2) once and never trained: a constant of the state_dict (a
 * persistent buffer, as {@code register_buffer}). Built from existing operations: the product
 * {@code z = x B^T}, then sin(2 pi (z + b)) with b = 0 for the sines and b = 1/4 for the cosines
 * (the two bias rows are the layer's second and third inputs, constants of the graph that the
 * model gives), each into its half of the output. It reads the network's coordinates, whose
 * gradient no task needs, so it has no backward.
 */
public final class FourierFeatureLayer implements Layer {
    private static final float TWO_PI = (float) (2 * Math.PI);
    private final Parameter projection;
    private final int in;
    private final int mapping;

    public FourierFeatureLayer(String name, int in, int mapping, double scale) {
        this.in = in;
        this.mapping = mapping;
        this.projection = Parameter.state(name, new Initializer.Normal(scale), mapping, in);
    }

    /** The constant bias rows the layer reads: zeros (sines) and quarter periods (cosines). */
    public static float[] phase(int mapping, boolean cosine) {
        float[] values = new float[mapping];
        java.util.Arrays.fill(values, cosine ? 0.25f : 0.0f);
        return values;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(projection);
    }

    @Override
    public List<Integer> inputWidths() {
        return List.of(in, mapping, mapping);
    }

    @Override
    public int outputWidth() {
        return 2 * mapping;
    }

    @Override
    public void emitForward(Emission e) {
        String phase = e.state("phase", mapping);
        e.add(new Op.MatMul(e.input(0), false, projection.name(), true, phase, Extent.rows(), Extent.of(mapping),
                Extent.of(in), false));
        String sines = e.state("sin", mapping);
        String cosines = e.state("cos", mapping);
        // BiasWave adds its bias into the phase in place: zero first, then the quarter period.
        e.add(new Op.BiasWave(phase, e.input(1), sines, mapping, WaveKernels.SINE, TWO_PI));
        e.add(new Op.BiasWave(phase, e.input(2), cosines, mapping, WaveKernels.SINE, TWO_PI));
        e.add(new Op.ColumnCopy(sines, mapping, 0, e.output(), 2 * mapping, 0, mapping, false));
        e.add(new Op.ColumnCopy(cosines, mapping, 0, e.output(), 2 * mapping, mapping, mapping, false));
    }

    @Override
    public void emitBackward(Emission e) {
        if (e.inputGradient(0) != null) {
            throw e.unsupported("the Fourier feature mapping has no input gradient: apply it to the network input");
        }
    }
}
