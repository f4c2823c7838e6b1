package io.sl2a.nn.layers;

import io.sl2a.nn.graph.Emission;
import io.sl2a.nn.graph.GradientTarget;
import io.sl2a.nn.graph.Layer;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.program.Op;
import java.util.List;

/** The elementwise product of two inputs of one width (SL2A's modulation {@code x * y}); no parameters. */
public final class HadamardProduct implements Layer {
    private final int width;

    public HadamardProduct(int width) {
        this.width = width;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public List<Integer> inputWidths() {
        return List.of(width, width);
    }

    @Override
    public int outputWidth() {
        return width;
    }

    @Override
    public void emitForward(Emission e) {
        e.add(new Op.Multiply(e.input(0), e.input(1), e.output(), width, false));
    }

    @Override
    public void emitBackward(Emission e) {
        String dOut = e.outputGradient();
        GradientTarget first = e.inputGradient(0);
        GradientTarget second = e.inputGradient(1);
        if (e.input(0).equals(e.input(1))) {
            if (first == null) {
                return;
            }
            // x * x: both shares go to x's gradient (the second target accumulates onto the first).
            e.add(new Op.Multiply(dOut, e.input(0), first.name(), width, first.accumulate()));
            e.add(new Op.Multiply(dOut, e.input(0), second.name(), width, true));
        } else if (first != null && second != null && !second.accumulate()) {
            // One pass: d first (+)= dOut * second input, d second = dOut * first input.
            e.add(new Op.ModulationBackward(dOut, e.input(0), e.input(1), first.name(), second.name(), width,
                    first.accumulate()));
        } else if (first != null && second != null && !first.accumulate()) {
            e.add(new Op.ModulationBackward(dOut, e.input(1), e.input(0), second.name(), first.name(), width, true));
        } else {
            if (first != null) {
                e.add(new Op.Multiply(dOut, e.input(1), first.name(), width, first.accumulate()));
            }
            if (second != null) {
                e.add(new Op.Multiply(dOut, e.input(0), second.name(), width, second.accumulate()));
            }
        }
    }
}
