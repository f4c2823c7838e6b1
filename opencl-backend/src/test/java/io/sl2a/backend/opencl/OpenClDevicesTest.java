package io.sl2a.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.jocl.CL.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;
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

    /** Every device of every platform, in platform order, asked of the driver here through JOCL. */
    private static List<cl_device_id> deviceIds(List<String> platformNames) {
        int[] count = new int[1];
        clGetPlatformIDs(0, null, count);
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        clGetPlatformIDs(platforms.length, platforms, null);
        List<cl_device_id> ids = new ArrayList<>();
        for (cl_platform_id platform : platforms) {
            int[] devices = new int[1];
            clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, devices);
            cl_device_id[] found = new cl_device_id[devices[0]];
            clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, found.length, found, null);
            for (cl_device_id id : found) {
                ids.add(id);
                long[] size = new long[1];
                clGetPlatformInfo(platform, CL_PLATFORM_NAME, 0, null, size);
                byte[] name = new byte[(int) size[0]];
                clGetPlatformInfo(platform, CL_PLATFORM_NAME, name.length, Pointer.to(name), null);
                platformNames.add(text(name));
            }
        }
        return ids;
    }

    private static String text(byte[] nulTerminated) {
        int end = 0;
        while (end < nulTerminated.length && nulTerminated[end] != 0) {
            end++;
        }
        return new String(nulTerminated, 0, end, StandardCharsets.UTF_8).trim();
    }

    private static String string(cl_device_id id, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(id, param, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        clGetDeviceInfo(id, param, bytes.length, Pointer.to(bytes), null);
        return text(bytes);
    }

    private static long ulong(cl_device_id id, int param) {
        long[] value = new long[1];
        clGetDeviceInfo(id, param, Sizeof.cl_ulong, Pointer.to(value), null);
        return value[0];
    }

    private static long uint(cl_device_id id, int param) {
        int[] value = new int[1];
        clGetDeviceInfo(id, param, Sizeof.cl_uint, Pointer.to(value), null);
        return Integer.toUnsignedLong(value[0]);
    }

    private static long sizeT(cl_device_id id, int param) {
        if (Sizeof.size_t == 8) {
            return ulong(id, param);
        }
        return uint(id, param);
    }

    /** What {@code sl2a devices} prints is what the driver reports, field by field. */
    @Test
    void describesEachDeviceAsTheDriverReportsIt() {
        List<OpenClDevices.Device> devices = OpenClDevices.list();
        List<String> platformNames = new ArrayList<>();
        List<cl_device_id> ids = deviceIds(platformNames);
        assertEquals(ids.size(), devices.size());
        for (int i = 0; i < ids.size(); i++) {
            cl_device_id id = ids.get(i);
            OpenClDevices.Device device = devices.get(i);
            long type = ulong(id, CL_DEVICE_TYPE);
            List<String> kinds = new ArrayList<>();
            if ((type & CL_DEVICE_TYPE_GPU) != 0) {
                kinds.add("GPU");
            }
            if ((type & CL_DEVICE_TYPE_CPU) != 0) {
                kinds.add("CPU");
            }
            if ((type & CL_DEVICE_TYPE_ACCELERATOR) != 0) {
                kinds.add("ACCELERATOR");
            }
            String expectedType = kinds.isEmpty() ? "OTHER" : String.join("+", kinds);
            OpenClDevices.Device expected = new OpenClDevices.Device(i, platformNames.get(i),
                    string(id, CL_DEVICE_NAME), string(id, CL_DEVICE_VENDOR), expectedType,
                    (int) uint(id, CL_DEVICE_MAX_COMPUTE_UNITS), ulong(id, CL_DEVICE_GLOBAL_MEM_SIZE),
                    ulong(id, CL_DEVICE_MAX_MEM_ALLOC_SIZE), sizeT(id, CL_DEVICE_MAX_WORK_GROUP_SIZE),
                    ulong(id, CL_DEVICE_LOCAL_MEM_SIZE));
            assertEquals(expected, device);
            assertEquals(String.format(Locale.ROOT, "%d: %s (%s, %s), %s, %d compute units, %d MiB global"
                    + " (%d MiB per buffer), work-group %d, %d KiB local", i, expected.name(), expected.platform(),
                    expected.vendor(), expectedType, expected.computeUnits(), expected.globalMemory() / (1 << 20),
                    expected.maxAllocation() / (1 << 20), expected.maxWorkGroupSize(), expected.localMemory() / 1024),
                    device.toString());
        }
    }

    /** size_t properties are read whole, not just their low 32 bits. */
    @Test
    void sizeTPropertiesMatchTheDriver() {
        List<cl_device_id> ids = deviceIds(new ArrayList<>());
        OpenClDevices.list();
        for (cl_device_id id : ids) {
            for (int param : new int[] {CL_DEVICE_MAX_WORK_GROUP_SIZE, CL_DEVICE_MAX_PARAMETER_SIZE,
                CL_DEVICE_PROFILING_TIMER_RESOLUTION, CL_DEVICE_IMAGE2D_MAX_WIDTH}) {
                assertEquals(sizeT(id, param), OpenClDevices.deviceSize(id, param), "param " + param);
            }
        }
    }

    @Test
    void everyDeviceNumberSelectsThatDeviceAndTheNextNumberIsRefused() {
        List<OpenClDevices.Device> devices = OpenClDevices.list();
        for (int i = 0; i < devices.size(); i++) {
            assertEquals(devices.get(i), OpenClDevices.select(Integer.toString(i)).device());
            assertEquals(devices.get(i), OpenClDevices.select(" 0" + i + " ").device());
        }
        StringBuilder listing = new StringBuilder();
        for (OpenClDevices.Device device : devices) {
            listing.append(listing.isEmpty() ? "" : ", ").append(device.index()).append(": ").append(device.name());
        }
        IllegalArgumentException pastTheEnd = assertThrows(IllegalArgumentException.class,
                () -> OpenClDevices.select(Integer.toString(devices.size())));
        assertEquals("no OpenCL device with index " + devices.size() + "; devices: " + listing,
                pastTheEnd.getMessage());
        // Too large for an int: refused the same way, not with a NumberFormatException.
        IllegalArgumentException huge = assertThrows(IllegalArgumentException.class,
                () -> OpenClDevices.select("99999999999"));
        assertEquals("no OpenCL device with index 99999999999; devices: " + listing, huge.getMessage());
        IllegalArgumentException byName = assertThrows(IllegalArgumentException.class,
                () -> OpenClDevices.select("  no-such-device-xyz "));
        assertEquals("no OpenCL device matches 'no-such-device-xyz'; devices: " + listing, byName.getMessage());
    }

    @Test
    void aNameFragmentSelectsTheFirstDeviceWhoseNameOrPlatformHoldsIt() {
        List<OpenClDevices.Device> devices = OpenClDevices.list();
        for (OpenClDevices.Device device : devices) {
            String name = device.name();
            String middle = name.substring(name.length() / 3, Math.max(name.length() / 3 + 1, 2 * name.length() / 3))
                    .strip();
            if (middle.isEmpty() || middle.chars().allMatch(Character::isDigit)) {
                continue; // a blank or numeric fragment is not a name selector
            }
            OpenClDevices.Device byName = OpenClDevices.select(middle.toLowerCase(Locale.ROOT)).device();
            OpenClDevices.Device firstWithIt = devices.stream().filter(d -> d.name().toLowerCase(Locale.ROOT)
                    .contains(middle.toLowerCase(Locale.ROOT)) || d.platform().toLowerCase(Locale.ROOT)
                    .contains(middle.toLowerCase(Locale.ROOT))).findFirst().orElseThrow();
            assertEquals(firstWithIt, byName);
            assertTrue(byName.index() <= device.index());
        }
    }
}
