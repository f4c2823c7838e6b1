package io.sl2a.backend.tornado;

import io.sl2a.backend.Backend;
import io.sl2a.backend.CompiledProgram;
import io.sl2a.program.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;
import uk.ac.manchester.tornado.api.common.TornadoDevice;

/**
 * Runs programs as TornadoVM task graphs on one TornadoVM device: every operation is one or more
 * {@code @Parallel} loops over the kernel bodies the cpu backend runs ({@link TornadoTasks}),
 * JIT-compiled by TornadoVM. The JVM must run with TornadoVM's options (the {@code tornado}
 * launcher, or {@code @$TORNADOVM_HOME/tornado-argfile}).
 */
public final class TornadoBackend implements Backend {
    static {
        // No silent bailout to sequential Java: a task that does not compile must fail. Effective only
        // when TornadoVM's options have not been read yet; the test and launcher set it explicitly too.
        if (System.getProperty("tornado.recover.bailout") == null) {
            System.setProperty("tornado.recover.bailout", "False");
        }
        // A train_step graph's TornadoVM bytecode overflows the default 4096 bytes.
        if (System.getProperty("tornado.tvm.maxbytecodesize") == null) {
            System.setProperty("tornado.tvm.maxbytecodesize", "262144");
        }
    }

    private final TornadoDevice device;
    private final String deviceLabel;

    /** Opens the backend on the device {@code selector} names (see {@link #select}), or TornadoVM's default. */
    public TornadoBackend(String selector) {
        Selected selected = TornadoFailures.guard("selecting a TornadoVM device", () -> select(selector));
        this.device = selected.device();
        this.deviceLabel = selected.label();
    }

    public TornadoBackend() {
        this(null);
    }

    record Selected(TornadoDevice device, String label) {
    }

    /** Every device of every TornadoVM backend, as {@code "backend:device  name (type)"}. */
    public static List<String> deviceLines() {
        return TornadoFailures.guard("listing TornadoVM devices", () -> {
            List<String> lines = new ArrayList<>();
            List<uk.ac.manchester.tornado.api.TornadoBackend> backends = TornadoExecutionPlan.getTornadoDeviceMap().getAllBackends();
            for (int b = 0; b < backends.size(); b++) {
                uk.ac.manchester.tornado.api.TornadoBackend backend = backends.get(b);
                for (int d = 0; d < backend.getNumDevices(); d++) {
                    lines.add(b + ":" + d + "  " + label(backend.getDevice(d)));
                }
            }
            return lines;
        });
    }

    private static String label(TornadoDevice device) {
        return device.getTornadoVMBackend() + " " + device.getPhysicalDevice().getDeviceName() + " ("
                + device.getDeviceType() + ")";
    }

    /**
     * {@code null}/blank: TornadoVM's default device. {@code "b:d"} or {@code "d"}: backend b
     * (default 0), device d. Anything else: the first device whose name or description contains it
     * (case-insensitive).
     */
    static Selected select(String selector) {
        if (selector == null || selector.isBlank()) {
            TornadoDevice device = TornadoExecutionPlan.DEFAULT_DEVICE;
            return new Selected(device, label(device));
        }
        List<uk.ac.manchester.tornado.api.TornadoBackend> backends = TornadoExecutionPlan.getTornadoDeviceMap().getAllBackends();
        String s = selector.strip();
        if (s.matches("\\d+(:\\d+)?")) {
            int b = s.contains(":") ? Integer.parseInt(s.substring(0, s.indexOf(':'))) : 0;
            int d = Integer.parseInt(s.contains(":") ? s.substring(s.indexOf(':') + 1) : s);
            if (b >= backends.size() || d >= backends.get(b).getNumDevices()) {
                throw new IllegalArgumentException("no TornadoVM device " + b + ":" + d);
            }
            TornadoDevice device = backends.get(b).getDevice(d);
            return new Selected(device, label(device));
        }
        String fragment = s.toLowerCase(Locale.ROOT);
        for (uk.ac.manchester.tornado.api.TornadoBackend backend : backends) {
            for (TornadoDevice device : backend.getAllDevices()) {
                String text = (label(device) + " " + device.getDescription()).toLowerCase(Locale.ROOT);
                if (text.contains(fragment)) {
                    return new Selected(device, label(device));
                }
            }
        }
        throw new IllegalArgumentException("no TornadoVM device matches '" + selector + "'");
    }

    @Override
    public String name() {
        return "tornado";
    }

    @Override
    public String description() {
        boolean tiled = !"loop".equals(System.getProperty(TornadoOpContext.GEMM_PROPERTY)) && TornadoGemm.fits(device);
        TornadoReduce.Layout reduce = TornadoOpContext.reduceLayout(device);
        return "tornado: " + deviceLabel + ", TornadoVM " + tornadoVersion() + " (@Parallel loops over the kernel bodies"
                + (tiled ? ", products a KernelContext kernel: " + TornadoGemm.TILE + "x" + TornadoGemm.TILE
                        + " tiles in local memory, 4x4 per work-item" : ", products one row per work-item")
                + (reduce != null ? ", column sums a tree per work-group in local memory, "
                        + reduce.name().toLowerCase(java.util.Locale.ROOT) + ")" : ")");
    }

    private static String tornadoVersion() {
        Package p = TornadoExecutionPlan.class.getPackage();
        String version = p == null ? null : p.getImplementationVersion();
        if (version == null) {
            version = TornadoExecutionPlan.class.getModule().getDescriptor() == null ? null
                    : TornadoExecutionPlan.class.getModule().getDescriptor().rawVersion().orElse(null);
        }
        return version == null ? "(version unknown)" : version;
    }

    /** The TornadoVM device the programs run on. */
    public TornadoDevice device() {
        return device;
    }

    @Override
    public CompiledProgram compile(Program program) {
        return new TornadoProgram(program, device);
    }

    /** Kernel time per operation, transfers, dispatch and compile time, with {@code -Dsl2a.profile=true}. */
    @Override
    public String profileReport() {
        return TornadoProfile.INSTANCE == null ? "" : TornadoProfile.INSTANCE.report();
    }

    @Override
    public void close() {
        // Device memory belongs to the compiled programs' plans, released when they close.
    }
}
