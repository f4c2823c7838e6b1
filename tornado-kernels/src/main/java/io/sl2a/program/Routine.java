package io.sl2a.program;

import java.util.List;

/** A named sequence of operations run together, e.g. {@code "forward"} or {@code "train_step"}. */
public record Routine(String name, List<Op> ops) {
    public Routine {
        ops = List.copyOf(ops);
    }
}
