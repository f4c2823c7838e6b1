package io.sl2a.backend.opencl;

import static org.jocl.CL.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_program;

/**
 * The OpenCL C sources (resources next to this class) built into ONE program per backend: PoCL
 * and most drivers compile a program in seconds, so it is built once and every kernel object of
 * every compiled program comes from it.
 */
final class OpenClKernels implements AutoCloseable {
    /** Kernel families, one resource file each. */
    static final List<String> SOURCES = List.of("elementwise.cl", "linear.cl", "gemm.cl", "layernorm.cl",
            "chebyshev.cl", "grid.cl", "loss.cl", "adam.cl", "complex.cl",
            "gabor.cl", "spline.cl", "sparse.cl", "conv.cl", "incode.cl", "column.cl", "volume.cl",
            "hashgrid.cl");

    private final cl_program program;
    private final cl_device_id device;
    private final int tile;
    private final int workPerThread;

    private OpenClKernels(cl_program program, cl_device_id device, int tile, int workPerThread) {
        this.program = program;
        this.device = device;
        this.tile = tile;
        this.workPerThread = workPerThread;
    }

    /** Builds the bundled sources plus {@code extraSources} (name to text; a test hook for broken code). */
    static OpenClKernels build(cl_context context, OpenClDevices.Handle device, int tile, int workPerThread,
            Map<String, String> extraSources) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (String name : SOURCES) {
            sources.put(name, resource(name));
        }
        sources.putAll(extraSources);
        String[] texts = sources.values().toArray(String[]::new);
        cl_program program = clCreateProgramWithSource(context, texts.length, texts, null, null);
        String options = options(device, tile, workPerThread);
        try {
            clBuildProgram(program, 1, new cl_device_id[] {device.id()}, options, null, null);
        } catch (CLException e) {
            String log = buildLog(program, device.id());
            clReleaseProgram(program);
            throw failure(device.device(), options, sources.keySet(), log, e);
        }
        return new OpenClKernels(program, device.id(), tile, workPerThread);
    }

    /**
     * No -cl-fast-relaxed-math: results must stay close to the Java bodies. Correctly rounded
     * divide and sqrt where the device offers them (Java's are).
     */
    private static String options(OpenClDevices.Handle device, int tile, int workPerThread) {
        StringBuilder options = new StringBuilder("-cl-std=CL1.2 -DTILE=" + tile + " -DWPT=" + workPerThread);
        long fpConfig = OpenClDevices.deviceLong(device.id(), CL_DEVICE_SINGLE_FP_CONFIG);
        if ((fpConfig & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0) {
            options.append(" -cl-fp32-correctly-rounded-divide-sqrt");
        }
        return options.toString();
    }

    private static OpenClBuildException failure(OpenClDevices.Device device, String options, Iterable<String> files,
            String log, CLException cause) {
        Path file = null;
        try {
            file = Files.createTempFile("sl2a-opencl-build-", ".log");
            String text = "device: " + device + "\noptions: " + options + "\nsources (in order): " + String.join(", ",
                    files) + "\nerror: " + cause.getMessage() + "\n\n" + log;
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            file = null;
        }
        String where = file == null ? "the build log could not be saved" : "build log in " + file;
        return new OpenClBuildException("OpenCL kernels failed to build on " + device.name() + " ("
                + device.platform() + "): " + where, file, cause);
    }

    private static String buildLog(cl_program program, cl_device_id device) {
        try {
            long[] size = new long[1];
            clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] bytes = new byte[(int) size[0]];
            clGetProgramBuildInfo(program, device, CL_PROGRAM_BUILD_LOG, bytes.length, Pointer.to(bytes), null);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] == 0) {
                end--;
            }
            return new String(bytes, 0, end, StandardCharsets.UTF_8);
        } catch (CLException e) {
            return "(no build log: " + e.getMessage() + ")";
        }
    }

    static String resource(String name) {
        try (InputStream in = OpenClKernels.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("OpenCL source " + name + " missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read OpenCL source " + name, e);
        }
    }

    /** Side of the square block of C a gemm_tiled work-group computes. */
    int tile() {
        return tile;
    }

    /** Rows of that block each work-item computes (register blocking). */
    int workPerThread() {
        return workPerThread;
    }

    /** A fresh kernel object: each bound operation gets its own, so its constant arguments are set once. */
    OpenClKernel create(String name) {
        return new OpenClKernel(clCreateKernel(program, name, null), name, device);
    }

    /** Names of every kernel in the program (for checks). */
    List<String> kernelNames() {
        long[] size = new long[1];
        clGetProgramInfo(program, CL_PROGRAM_KERNEL_NAMES, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        clGetProgramInfo(program, CL_PROGRAM_KERNEL_NAMES, bytes.length, Pointer.to(bytes), null);
        List<String> names = new ArrayList<>();
        for (String name : new String(bytes, StandardCharsets.UTF_8).replace("\0", "").split(";")) {
            if (!name.isBlank()) {
                names.add(name.strip());
            }
        }
        return names;
    }

    @Override
    public void close() {
        clReleaseProgram(program);
    }
}
