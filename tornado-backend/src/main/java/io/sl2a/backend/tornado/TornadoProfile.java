package io.sl2a.backend.tornado;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import uk.ac.manchester.tornado.api.TornadoExecutionResult;
import uk.ac.manchester.tornado.api.TornadoProfilerResult;

/**
 * Where a training step goes under TornadoVM, as the cpu backend's profile shows it: with
 * {@code -Dsl2a.profile=true} every plan runs with TornadoVM's profiler, and after each execution
 * its per-task kernel times (from the profiler's log, one entry per task {@code tNN_<op>_<buffer>})
 * are summed by operation, beside the graphs' transfer, dispatch and compile times.
 */
final class TornadoProfile {
    /** The profile of this process, null unless {@code -Dsl2a.profile=true}. */
    static final TornadoProfile INSTANCE = Boolean.getBoolean("sl2a.profile") ? new TornadoProfile() : null;

    /** A task's entry in the profiler's JSON log: its name, then (no nested braces) its kernel time. */
    private static final Pattern TASK = Pattern.compile("\"([^\"]+)\": \\{[^{}]*?\"TASK_KERNEL_TIME\": \"(\\d+)\"");
    private final Map<String, long[]> kernels = new TreeMap<>();
    /** Task name (tNN_<what>_<buffer>) -> what it computes, as the program named it. */
    private final Map<String, String> operations = new java.util.HashMap<>();
    private long transfers;
    private long dispatch;
    private long compile;
    private long executions;

    TornadoProfile() {
    }

    synchronized void record(TornadoExecutionResult result) {
        if (result == null) {
            return;
        }
        TornadoProfilerResult profile = result.getProfilerResult();
        executions++;
        transfers += Math.max(0, profile.getDataTransfersTime());
        dispatch += Math.max(0, profile.getKernelDispatchTime()) + Math.max(0, profile.getDataTransferDispatchTime());
        compile += Math.max(0, profile.getCompileTime());
        recordLog(profile.getProfileLog());
    }

    /** The kernel times of one profiler log (TornadoVM's JSON: a section per graph, an object per task). */
    synchronized void recordLog(String log) {
        if (log == null) {
            return;
        }
        Matcher m = TASK.matcher(log);
        while (m.find()) {
            long[] entry = kernels.computeIfAbsent(operation(m.group(1)), k -> new long[2]);
            entry[0] += Long.parseLong(m.group(2));
            entry[1]++;
        }
    }

    synchronized void name(String task, String what) {
        operations.put(task, what);
    }

    /** The profiler names a task graph.task; tasks the program did not name are TornadoVM's own (transfers kept on the host). */
    private String operation(String task) {
        String local = task.substring(task.lastIndexOf('.') + 1);
        return operations.getOrDefault(local, local.startsWith("keep_host_values") ? "(keep host values)" : local);
    }

    synchronized String report() {
        long total = 0;
        for (long[] e : kernels.values()) {
            total += e[0];
        }
        StringBuilder text = new StringBuilder(String.format("tornado profile over %d executions (kernel time per"
                + " operation, from TornadoVM's profiler):%n", executions));
        for (Map.Entry<String, long[]> e : kernels.entrySet()) {
            text.append(String.format("%-32s %9.1f ms %6d calls %5.1f%%%n", e.getKey(), e.getValue()[0] / 1e6,
                    e.getValue()[1], 100.0 * e.getValue()[0] / Math.max(1, total)));
        }
        text.append(String.format("%-32s %9.1f ms%n%-32s %9.1f ms%n%-32s %9.1f ms%n", "(data transfers)", transfers / 1e6,
                "(dispatch)", dispatch / 1e6, "(compile)", compile / 1e6));
        return text.toString();
    }
}
