package io.sl2a.backend.opencl;

import static org.jocl.CL.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/** The OpenCL devices of every platform, in a stable order (platform by platform), and device selection. */
public final class OpenClDevices {
    private OpenClDevices() {
    }

    /** What the {@code devices} command shows; {@code index} is what a numeric selector names. */
    public record Device(int index, String platform, String name, String vendor, String type, int computeUnits,
            long globalMemory, long maxAllocation, long maxWorkGroupSize, long localMemory) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d: %s (%s, %s), %s, %d compute units, %d MiB global (%d MiB per buffer),"
                    + " work-group %d, %d KiB local", index, name, platform, vendor, type, computeUnits,
                    globalMemory >> 20, maxAllocation >> 20, maxWorkGroupSize, localMemory >> 10);
        }
    }

    /** A device with the handles needed to open a context on it. */
    record Handle(Device device, cl_platform_id platform, cl_device_id id) {
    }

    /** Every device of every platform. Throws {@link OpenClUnavailableException} when there is no OpenCL at all. */
    public static List<Device> list() {
        return handles().stream().map(Handle::device).toList();
    }

    static List<Handle> handles() {
        List<Handle> result = new ArrayList<>();
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            clGetPlatformIDs(0, null, count);
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            clGetPlatformIDs(platforms.length, platforms, null);
            for (cl_platform_id platform : platforms) {
                String platformName = platformString(platform, CL_PLATFORM_NAME);
                int[] deviceCount = new int[1];
                try {
                    clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, deviceCount);
                } catch (CLException e) {
                    if (e.getStatus() == CL_DEVICE_NOT_FOUND) {
                        continue; // a platform without devices (e.g. an ICD whose driver is absent)
                    }
                    throw e;
                }
                cl_device_id[] devices = new cl_device_id[deviceCount[0]];
                clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, devices.length, devices, null);
                for (cl_device_id id : devices) {
                    result.add(new Handle(describe(result.size(), platformName, id), platform, id));
                }
            }
        } catch (LinkageError e) {
            // After a first failure the JVM reports NoClassDefFoundError for org.jocl.CL: same cause.
            // JOCL opens exactly libOpenCL.so, the development name of the ICD loader (Debian:
            // ocl-icd-opencl-dev); ./sl2a points the loader at libOpenCL.so.1 when only that exists.
            throw new OpenClUnavailableException("OpenCL unavailable: libOpenCL.so could not be loaded (install an"
                    + " OpenCL driver or pocl-opencl-icd, and ocl-icd-opencl-dev; " + oneLine(e.getMessage()) + ")", e);
        } catch (CLException e) {
            throw new OpenClUnavailableException("OpenCL unavailable: no platform found (" + oneLine(e.getMessage())
                    + "); install an ICD such as pocl-opencl-icd or a GPU driver", e);
        }
        if (result.isEmpty()) {
            throw new OpenClUnavailableException("OpenCL unavailable: no OpenCL device on any platform");
        }
        return result;
    }

    /**
     * The device a selector names: null or blank = the first GPU, else the first device; digits =
     * an index into {@link #list()}; anything else = the first device whose name or platform
     * contains it, ignoring case.
     */
    static Handle select(String selector) {
        List<Handle> all = handles();
        if (selector == null || selector.isBlank()) {
            return all.stream().filter(h -> h.device().type().contains("GPU")).findFirst().orElse(all.get(0));
        }
        String wanted = selector.strip();
        if (wanted.chars().allMatch(Character::isDigit)) {
            int index;
            try {
                index = Integer.parseInt(wanted);
            } catch (NumberFormatException e) {
                index = -1;
            }
            if (index >= 0 && index < all.size()) {
                return all.get(index);
            }
            throw new IllegalArgumentException("no OpenCL device with index " + wanted + "; devices: " + summary(all));
        }
        String fragment = wanted.toLowerCase(Locale.ROOT);
        for (Handle h : all) {
            if (h.device().name().toLowerCase(Locale.ROOT).contains(fragment)
                    || h.device().platform().toLowerCase(Locale.ROOT).contains(fragment)) {
                return h;
            }
        }
        throw new IllegalArgumentException("no OpenCL device matches '" + wanted + "'; devices: " + summary(all));
    }

    private static String summary(List<Handle> all) {
        StringBuilder text = new StringBuilder();
        for (Handle h : all) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(h.device().index()).append(": ").append(h.device().name());
        }
        return text.toString();
    }

    private static Device describe(int index, String platform, cl_device_id id) {
        long type = deviceLong(id, CL_DEVICE_TYPE);
        List<String> types = new ArrayList<>();
        if ((type & CL_DEVICE_TYPE_GPU) != 0) {
            types.add("GPU");
        }
        if ((type & CL_DEVICE_TYPE_CPU) != 0) {
            types.add("CPU");
        }
        if ((type & CL_DEVICE_TYPE_ACCELERATOR) != 0) {
            types.add("ACCELERATOR");
        }
        if (types.isEmpty()) {
            types.add("OTHER");
        }
        return new Device(index, platform, deviceString(id, CL_DEVICE_NAME), deviceString(id, CL_DEVICE_VENDOR),
                String.join("+", types), (int) deviceInt(id, CL_DEVICE_MAX_COMPUTE_UNITS),
                deviceLong(id, CL_DEVICE_GLOBAL_MEM_SIZE), deviceLong(id, CL_DEVICE_MAX_MEM_ALLOC_SIZE),
                deviceSize(id, CL_DEVICE_MAX_WORK_GROUP_SIZE), deviceLong(id, CL_DEVICE_LOCAL_MEM_SIZE));
    }

    static String platformString(cl_platform_id platform, int param) {
        long[] size = new long[1];
        clGetPlatformInfo(platform, param, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        clGetPlatformInfo(platform, param, bytes.length, Pointer.to(bytes), null);
        return cString(bytes);
    }

    static String deviceString(cl_device_id id, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(id, param, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        clGetDeviceInfo(id, param, bytes.length, Pointer.to(bytes), null);
        return cString(bytes);
    }

    /** cl_ulong / cl_bitfield properties. */
    static long deviceLong(cl_device_id id, int param) {
        long[] value = new long[1];
        clGetDeviceInfo(id, param, 8, Pointer.to(value), null);
        return value[0];
    }

    /** cl_uint properties. */
    static long deviceInt(cl_device_id id, int param) {
        int[] value = new int[1];
        clGetDeviceInfo(id, param, 4, Pointer.to(value), null);
        return value[0] & 0xffffffffL;
    }

    /** size_t properties, whatever the pointer width of the library. */
    static long deviceSize(cl_device_id id, int param) {
        ByteBuffer buffer = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        clGetDeviceInfo(id, param, org.jocl.Sizeof.size_t, Pointer.to(buffer), null);
        return org.jocl.Sizeof.size_t == 8 ? buffer.getLong(0) : buffer.getInt(0) & 0xffffffffL;
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8).strip();
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }
}
