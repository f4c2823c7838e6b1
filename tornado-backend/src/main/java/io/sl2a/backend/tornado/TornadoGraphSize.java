package io.sl2a.backend.tornado;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What {@link TornadoProgram}'s sizing of a graph counts (see {@code TornadoProgram.size}). */
final class TornadoGraphSize {
    final Set<Object> objects = TornadoProgram.identitySet();
    final Set<Object> streamed = TornadoProgram.identitySet();
    final Set<Object> used = TornadoProgram.identitySet();
    final Set<Object> constants = new HashSet<>();
    int tasks;
    int arguments;
    int written;

    void declare(List<?> declared) {
        objects.addAll(declared);
    }

    void stream(List<?> declared) {
        streamed.addAll(declared);
    }

    void task(Object[] taskArguments, Set<Object> writable) {
        tasks++;
        arguments += taskArguments.length;
        for (Object argument : taskArguments) {
            if (argument instanceof Number) { // an int or a float: inlined, a constant of the graph
                constants.add(argument);
            } else {
                objects.add(argument);
                used.add(argument);
                if (writable.contains(argument)) {
                    written++;
                }
            }
        }
    }

    int codeBytes() {
        return 15 * tasks + 5 * arguments;
    }

    int nodes() {
        long unusedStreamed = streamed.stream().filter(o -> !used.contains(o)).count();
        return constants.size() + objects.size() + 1 + 2 * tasks + 2 * used.size() + written
                + 2 * (int) unusedStreamed;
    }

    boolean fits(TornadoProgram.GraphLimits limits) {
        return codeBytes() <= limits.codeBytes() && nodes() <= limits.nodes();
    }
}
