package io.sl2a.program;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled model step: its buffers and its routines, for batches of at most {@code maxRows}
 * rows. Built once; a backend allocates the buffers and runs the routines.
 */
public final class Program {
    private final int maxRows;
    private final Map<String, BufferSpec> buffers;
    private final Map<String, Routine> routines;

    private Program(int maxRows, Map<String, BufferSpec> buffers, Map<String, Routine> routines) {
        this.maxRows = maxRows;
        this.buffers = buffers;
        this.routines = routines;
    }

    public int maxRows() {
        return maxRows;
    }

    public Map<String, BufferSpec> buffers() {
        return buffers;
    }

    public BufferSpec buffer(String name) {
        BufferSpec spec = buffers.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("no buffer named " + name);
        }
        return spec;
    }

    public Map<String, Routine> routines() {
        return routines;
    }

    public Routine routine(String name) {
        Routine routine = routines.get(name);
        if (routine == null) {
            throw new IllegalArgumentException("no routine named " + name);
        }
        return routine;
    }

    /** Bytes the buffers take in float32, so a backend can refuse a program that would not fit. */
    public long bytes() {
        long total = 0;
        for (BufferSpec spec : buffers.values()) {
            total += 4L * (spec.rowWidth() > 0 ? (long) maxRows * spec.rowWidth() : spec.size());
        }
        return total;
    }

    public static Builder builder(int maxRows) {
        return new Builder(maxRows);
    }

    /** Collects buffers and routines, checking that every operation names declared buffers. */
    public static final class Builder {
        private final int maxRows;
        private final Map<String, BufferSpec> buffers = new LinkedHashMap<>();
        private final Map<String, Routine> routines = new LinkedHashMap<>();

        private Builder(int maxRows) {
            if (maxRows < 1) {
                throw new IllegalArgumentException("maxRows must be positive: " + maxRows);
            }
            this.maxRows = maxRows;
        }

        public Builder buffer(BufferSpec spec) {
            if (buffers.putIfAbsent(spec.name(), spec) != null) {
                throw new IllegalArgumentException("buffer declared twice: " + spec.name());
            }
            return this;
        }

        public Builder routine(String name, List<Op> ops) {
            for (Op op : ops) {
                List<String> named = new ArrayList<>(op.reads());
                named.addAll(op.writes());
                for (String buffer : named) {
                    if (!buffers.containsKey(buffer)) {
                        throw new IllegalArgumentException(op.getClass().getSimpleName() + " names undeclared buffer " + buffer);
                    }
                }
            }
            routines.put(name, new Routine(name, ops));
            return this;
        }

        public Program build() {
            return new Program(maxRows, Collections.unmodifiableMap(new LinkedHashMap<>(buffers)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(routines)));
        }
    }
}
