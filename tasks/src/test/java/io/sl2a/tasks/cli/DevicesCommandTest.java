package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.backend.opencl.OpenClDevices;
import io.sl2a.backend.opencl.OpenClUnavailableException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sl2a devices}: the CPU, every OpenCL device with its figures, and TornadoVM's availability. */
class DevicesCommandTest {
    @Test
    void listsTheCpuEveryOpenClDeviceAndTornado() {
        CliRun run = CliRun.of("devices");
        assertEquals(0, run.exitCode(), run.stderr());
        List<String> lines = run.stdout().lines().toList();
        assertEquals("cpu: " + Runtime.getRuntime().availableProcessors() + " cores (--backend cpu --threads N)", lines.get(0));
        List<OpenClDevices.Device> devices;
        try {
            devices = OpenClDevices.list();
        } catch (OpenClUnavailableException e) {
            assertEquals("opencl: " + e.getMessage(), lines.get(1));
            devices = null;
        }
        int next = 1;
        if (devices != null) {
            for (OpenClDevices.Device device : devices) {
                assertEquals("opencl " + device, lines.get(next++));
            }
            if (devices.isEmpty()) {
                assertEquals("opencl: no devices (an OpenCL platform is installed but reports none)", lines.get(next++));
            } else {
                assertEquals("  (--backend opencl --device N or a name fragment; default: the first GPU, else device 0)",
                        lines.get(next++));
            }
        } else {
            next = 2;
        }
        assertEquals("tornado: not available (run ./sl2a --tornado devices where TornadoVM is installed)", lines.get(next));
        assertEquals(next + 1, lines.size(), run.stdout());
        assertTrue(run.stderr().isEmpty(), run.stderr());
    }
}
