package io.sl2a.nn.layers;

import io.sl2a.nn.graph.Emission;
import io.sl2a.nn.graph.GradientTarget;
import io.sl2a.nn.graph.Layer;
import io.sl2a.nn.graph.Parameter;
import io.sl2a.program.Op;
import java.util.List;

/**
 * Two per-row inputs side by side ({@code torch.cat([a, b], dim=-1)}), no parameters: a NeRF colour
 * head's input (view direction and the position network's features) and the field it hands to
 * volume rendering (density beside colour). Its backward hands each input its own columns.
 */
public final class ConcatLayer implements Layer {
    private final int first;
    private final int second;

    public ConcatLayer(int first, int second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public List<Integer> inputWidths() {
        return List.of(first, second);
    }

    @Override
    public int outputWidth() {
        return first + second;
    }

    @Override
    public void emitForward(Emission e) {
        int width = first + second;
        e.add(new Op.ColumnCopy(e.input(0), first, 0, e.output(), width, 0, first, false));
        e.add(new Op.ColumnCopy(e.input(1), second, 0, e.output(), width, first, second, false));
    }

    @Override
    public void emitBackward(Emission e) {
        int width = first + second;
        GradientTarget a = e.inputGradient(0);
        GradientTarget b = e.inputGradient(1);
        if (a != null) {
            e.add(new Op.ColumnCopy(e.outputGradient(), width, 0, a.name(), first, 0, first, a.accumulate()));
        }
        if (b != null) {
            e.add(new Op.ColumnCopy(e.outputGradient(), width, first, b.name(), second, 0, second, b.accumulate()));
        }
    }
}
