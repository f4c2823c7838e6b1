package io.sl2a.tasks.cli;

import io.sl2a.backend.opencl.OpenClDevices;
import io.sl2a.backend.opencl.OpenClUnavailableException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code sl2a devices}: the devices each backend can run on. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "List the devices: the CPU, every OpenCL platform's devices, and TornadoVM's.")
public final class DevicesCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.printf("cpu: %d cores (--backend cpu --threads N)%n", Runtime.getRuntime().availableProcessors());
        try {
            List<OpenClDevices.Device> devices = OpenClDevices.list();
            if (devices.isEmpty()) {
                System.out.println("opencl: no devices (an OpenCL platform is installed but reports none)");
            }
            for (OpenClDevices.Device device : devices) {
                System.out.println("opencl " + device);
            }
            if (!devices.isEmpty()) {
                System.out.println("  (--backend opencl --device N or a name fragment; default: the first GPU, else device 0)");
            }
        } catch (OpenClUnavailableException e) {
            System.out.println("opencl: " + e.getMessage());
        }
        java.util.Optional<io.sl2a.backend.BackendProvider> tornado = BackendOptions.provider(BackendOptions.TORNADO);
        if (tornado.isEmpty()) {
            System.out.println("tornado: not available (run ./sl2a --tornado devices where TornadoVM is installed)");
        } else {
            try {
                for (String line : tornado.get().devices()) {
                    System.out.println("tornado " + line);
                }
            } catch (RuntimeException | LinkageError e) {
                System.out.println("tornado: " + e.getMessage());
            }
        }
        return 0;
    }
}
