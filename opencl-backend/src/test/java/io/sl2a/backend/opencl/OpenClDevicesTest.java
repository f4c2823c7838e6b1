package io.sl2a.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Device listing and selection (no program is built here, so these are quick). */
class OpenClDevicesTest {

    @BeforeAll
    static void requireOpenCl() {
        OpenClTestSupport.assumeOpenCl();
    }

    @Test
    void listsDevicesWithTheirProperties() {
        List<OpenClDevices.Device> devices = OpenClDevices.list();
        assertFalse(devices.isEmpty());
        for (int i = 0; i < devices.size(); i++) {
            OpenClDevices.Device device = devices.get(i);
            System.out.println("OpenCL device " + device);
            assertEquals(i, device.index());
            assertFalse(device.name().isBlank());
            assertFalse(device.platform().isBlank());
            assertTrue(device.computeUnits() > 0);
            assertTrue(device.globalMemory() > 0);
            assertTrue(device.maxAllocation() > 0 && device.maxAllocation() <= device.globalMemory());
            assertTrue(device.maxWorkGroupSize() > 0);
            assertTrue(device.localMemory() > 0);
            assertTrue(List.of("GPU", "CPU", "ACCELERATOR", "OTHER").stream().anyMatch(device.type()::contains));
        }
    }

    @Test
    void selectsByIndexAndByNameFragmentIgnoringCase() {
        OpenClDevices.Device first = OpenClDevices.list().get(0);
        assertEquals(first, OpenClDevices.select("0").device());
        String fragment = first.name().substring(0, Math.min(6, first.name().length())).toUpperCase(Locale.ROOT);
        assertEquals(first.name(), OpenClDevices.select(fragment).device().name());
        assertEquals(first.platform(), OpenClDevices.select(first.platform().toLowerCase(Locale.ROOT)).device()
                .platform());
    }

    @Test
    void defaultPrefersAGpu() {
        List<OpenClDevices.Device> devices = OpenClDevices.list();
        OpenClDevices.Device chosen = OpenClDevices.select(null).device();
        OpenClDevices.Device expected = devices.stream().filter(d -> d.type().contains("GPU")).findFirst()
                .orElse(devices.get(0));
        assertEquals(expected, chosen);
        assertEquals(chosen, OpenClDevices.select("  ").device());
    }

    @Test
    void badSelectorsNameTheDevicesThereAre() {
        String firstName = OpenClDevices.list().get(0).name();
        IllegalArgumentException byName = assertThrows(IllegalArgumentException.class,
                () -> new OpenClBackend("no-such-device-xyz"));
        assertTrue(byName.getMessage().contains("no OpenCL device matches 'no-such-device-xyz'"), byName.getMessage());
        assertTrue(byName.getMessage().contains("0: " + firstName), byName.getMessage());
        assertFalse(byName.getMessage().contains("\n"));
        IllegalArgumentException byIndex = assertThrows(IllegalArgumentException.class,
                () -> new OpenClBackend("999"));
        assertTrue(byIndex.getMessage().contains("no OpenCL device with index 999"), byIndex.getMessage());
    }
}
