package io.sl2a.backend.cpu;

import io.sl2a.program.Op;
import java.util.Map;
import java.util.TreeMap;

/**
 * Wall time spent per kind of operation, for finding where a training step goes. Enabled with
 * {@code -Dsl2a.profile=true}; printed by {@link #report()}.
 */
public final class OpProfile {
    private final Map<String, long[]> nanos = new TreeMap<>();

    static String label(Op op) {
        if (op instanceof Op.MatMul m) {
            return "MatMul " + m.m() + "x" + m.n() + "x" + m.k() + (m.transposeA() ? " tA" : "") + (m.transposeB() ? " tB" : "");
        }
        return op.getClass().getSimpleName();
    }

    synchronized void add(String label, long elapsed) {
        long[] entry = nanos.computeIfAbsent(label, k -> new long[2]);
        entry[0] += elapsed;
        entry[1]++;
    }

    public synchronized String report() {
        long total = 0;
        for (long[] entry : nanos.values()) {
            total += entry[0];
        }
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, long[]> e : nanos.entrySet()) {
            text.append(String.format("%-32s %9.1f ms %6d calls %5.1f%%%n", e.getKey(), e.getValue()[0] / 1e6,
                    e.getValue()[1], 100.0 * e.getValue()[0] / Math.max(1, total)));
        }
        return text.toString();
    }
}
