package io.sl2a.backend.opencl;

import io.sl2a.backend.DeviceMemoryException;
import static org.jocl.CL.CL_DEVICE_SINGLE_FP_CONFIG;
import static org.jocl.CL.CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT;
import static org.jocl.CL.clGetDeviceInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.program.BufferRole;
import io.sl2a.program.BufferSpec;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the backend refuses, and how it says so: programs too large for the device, kernels that do not build. */
class OpenClBackendTest {
    private static OpenClBackend backend;

    @BeforeAll
    static void openBackend() {
        backend = OpenClTestSupport.openBackend();
    }

    @AfterAll
    static void closeBackend() {
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }

    private static long mib(long bytes) {
        return (bytes + (1L << 20) - 1) >> 20;
    }

    @Test
    void refusesAProgramLargerThanTheDeviceMemoryWithTheFigures() {
        OpenClDevices.Device device = backend.device();
        // Buffers of a quarter of the largest allocation, enough of them to pass the global memory.
        int floats = (int) Math.min(Integer.MAX_VALUE, device.maxAllocation() / 4 / 4);
        long count = device.globalMemory() / (4L * floats) + 2;
        Program.Builder builder = Program.builder(1);
        for (int i = 0; i < count; i++) {
            builder.buffer(BufferSpec.fixed("b" + i, BufferRole.ACTIVATION, floats));
        }
        Program program = builder.routine("r", List.of(new Op.Copy("b0", "b1", 1))).build();
        DeviceMemoryException refused = assertThrows(DeviceMemoryException.class, () -> backend.compile(program));
        String message = refused.getMessage();
        assertTrue(message.contains("program needs " + mib(4L * floats * count) + " MiB"), message);
        assertTrue(message.contains(device.name() + " has " + mib(device.globalMemory()) + " MiB"), message);
    }

    @Test
    void refusesABufferLargerThanTheLargestAllocation() {
        OpenClDevices.Device device = backend.device();
        long floats = device.maxAllocation() / 4 + 1;
        // A device allowing 8 GiB buffers or more: no float buffer of a program can pass its limit,
        // so the check is shown on a copy of the device with a 64 MiB limit instead.
        OpenClDevices.Device limited = floats > Integer.MAX_VALUE ? new OpenClDevices.Device(device.index(),
                device.platform(), device.name(), device.vendor(), device.type(), device.computeUnits(),
                device.globalMemory(), 64L << 20, device.maxWorkGroupSize(), device.localMemory()) : device;
        int width = 1024;
        int maxRows = (int) ((limited.maxAllocation() / 4 + 1 + width - 1) / width);
        DeviceMemoryException refused;
        if (limited == device) {
            Program program = Program.builder(maxRows).buffer(BufferSpec.perRow("big", BufferRole.ACTIVATION, width))
                    .routine("r", List.of()).build();
            refused = assertThrows(DeviceMemoryException.class, () -> backend.compile(program));
        } else {
            refused = assertThrows(DeviceMemoryException.class, () -> OpenClBuffers.checkFits(limited,
                    Map.of("big", (long) maxRows * width), new OpenClOpBinder.Scratch(0, 0)));
        }
        assertTrue(refused.getMessage().contains("buffer big needs " + mib(4L * maxRows * width) + " MiB"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("at most " + mib(limited.maxAllocation()) + " MiB per buffer"),
                refused.getMessage());
    }

    @Test
    void aKernelThatDoesNotBuildGivesOneLineAndASavedLog() throws Exception {
        String selector = Integer.toString(backend.device().index());
        Map<String, String> broken = Map.of("broken.cl",
                "__kernel void broken(__global float* x) { x[0] = no_such_variable_sl2a; }\n");
        OpenClBuildException failure = assertThrows(OpenClBuildException.class,
                () -> new OpenClBackend(selector, broken).close());
        String message = failure.getMessage();
        assertFalse(message.contains("\n"), message);
        assertTrue(message.contains(backend.device().name()), message);
        Path log = failure.logFile();
        assertNotNull(log, message);
        assertTrue(message.contains(log.toString()), message);
        assertTrue(log.getFileName().toString().startsWith("sl2a-opencl-build-"), log.toString());
        String text = Files.readString(log);
        assertTrue(text.contains("no_such_variable_sl2a"), text);
        assertTrue(text.contains("broken.cl"), text);
        // The options the kernels were built with, from the tiling and the device's float support.
        assertTrue(text.contains("\noptions: " + expectedOptions(backend.device()) + "\n"), text);
        // After the error line, the compiler's own log (its trailing NULs dropped) names the culprit.
        String error = "\nerror: " + failure.getCause().getMessage() + "\n\n";
        assertTrue(text.contains(error), text);
        String compilerLog = text.substring(text.indexOf(error) + error.length());
        assertTrue(compilerLog.contains("no_such_variable_sl2a"), compilerLog);
        assertFalse(text.contains("\0"), "NUL in the saved log");
        Files.deleteIfExists(log);
    }

    /** -cl-std, the tile and rows per work-item, and correctly rounded divide/sqrt when the device has them. */
    private static String expectedOptions(OpenClDevices.Device device) {
        int[] tiling = OpenClTestSupport.expectedTiling(device);
        long[] fpConfig = new long[1];
        clGetDeviceInfo(OpenClDevices.select(Integer.toString(device.index())).id(), CL_DEVICE_SINGLE_FP_CONFIG,
                Sizeof.cl_ulong, Pointer.to(fpConfig), null);
        return "-cl-std=CL1.2 -DTILE=" + tiling[0] + " -DWPT=" + tiling[1]
                + ((fpConfig[0] & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0 ? " -cl-fp32-correctly-rounded-divide-sqrt"
                        : "");
    }

    /**
     * The backend relies on JOCL's exceptions (a failed build is caught as one); another library in
     * the JVM may have switched them off, and a failed build must still be reported.
     */
    @Test
    void aFailedBuildIsReportedEvenWhenJoclExceptionsWereSwitchedOff() throws Exception {
        String selector = Integer.toString(backend.device().index());
        Map<String, String> broken = Map.of("broken.cl",
                "__kernel void broken(__global float* x) { x[0] = no_such_variable_sl2a; }\n");
        CL.setExceptionsEnabled(false);
        try {
            OpenClBuildException failure = assertThrows(OpenClBuildException.class,
                    () -> new OpenClBackend(selector, broken).close());
            if (failure.logFile() != null) {
                Files.deleteIfExists(failure.logFile());
            }
        } finally {
            CL.setExceptionsEnabled(true);
        }
    }

    @Test
    void theBundledProgramHoldsEveryKernelTheBinderUses() {
        List<String> names = backend.kernels().kernelNames();
        for (String kernel : List.of("multiply", "relu_backward", "copy", "column_copy", "modulation_backward", "adam_update",
                "mse_row", "accumulate_sum", "bias_activation", "bias_activation_modulate", "column_sum_partial", "reduce_partials",
                "gemm_tiled", "gemm_naive", "layer_norm_forward", "layer_norm_backward",
                "layer_norm_param_grad_partial", "chebyshev_basis", "chebyshev_input_grad", "chebyshev_axis_table",
                "chebyshev_axis_coeff_grad", "gather_sum", "scatter_sum_partial", "bias_wave", "wave_backward",
                "positional_encoding", "complex_block", "complex_block_grad", "complex_gabor", "complex_gabor_backward",
                "real_part", "real_part_backward", "gabor_window", "gabor_window_backward", "gabor_window_param_grad",
                "bspline_basis", "bspline_input_grad", "silu", "silu_backward", "scale_rows", "scale_rows_backward",
                "sparse_product", "im2col", "col2im", "batch_norm_forward", "batch_norm_backward",
                "batch_norm_running_stats", "max_pool_forward", "max_pool_backward", "accumulate_partials",
                "channel_mean", "channel_mean_backward", "dense_vector", "dense_vector_backward_output",
                "dense_vector_backward_input", "coefficient_penalty", "incode_sine", "incode_sine_backward",
                "volume_render", "volume_render_backward", "hash_grid_encode", "hash_grid_scatter", "grid_total_variation")) {
            assertTrue(names.contains(kernel), kernel + " missing from " + names);
        }
        assertEquals(63, names.size(), names.toString());
    }

    @Test
    void rejectsRowCountsOutsideTheProgramAndUnknownNames() {
        Program program = Program.builder(4).buffer(BufferSpec.perRow("a", BufferRole.INPUT, 2))
                .buffer(BufferSpec.perRow("b", BufferRole.OUTPUT, 2))
                .routine("r", List.of(new Op.Copy("a", "b", 2))).build();
        try (var compiled = backend.compile(program)) {
            assertThrows(IllegalArgumentException.class, () -> compiled.run("r", 5, io.sl2a.program.StepScalars.NONE));
            assertThrows(IllegalArgumentException.class, () -> compiled.run("r", 0, io.sl2a.program.StepScalars.NONE));
            assertThrows(IllegalArgumentException.class, () -> compiled.run("nope", 1, io.sl2a.program.StepScalars.NONE));
            assertThrows(IllegalArgumentException.class, () -> compiled.read("nope"));
            assertThrows(IndexOutOfBoundsException.class, () -> compiled.write("a", new float[9]));
        }
    }
}
