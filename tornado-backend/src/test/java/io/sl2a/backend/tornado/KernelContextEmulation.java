package io.sl2a.backend.tornado;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import uk.ac.manchester.tornado.api.KernelContext;

/**
 * Runs a KernelContext kernel's Java body on the JVM, no TornadoVM device, for the emulation tests
 * ({@link TornadoGemmEmulationTest}, {@link TornadoReduceEmulationTest}): an emulator class of the
 * test drives the kernel over its grid with {@link EmulatedGrid}.
 *
 * <p>Isolation: the work-items' context is a subclass of KernelContext that overrides its methods.
 * Loaded next to TornadoVM, such a subclass (or HotSpot's profile of the kernel called with it)
 * stops TornadoVM's compiler from recognising {@code allocateFloatLocalArray} in every kernel
 * compiled later in the JVM ("address origin unimplemented: InvokeNode", or the test's code inlined
 * into the kernel). So the emulator runs in a class loader of its own that defines its own copies of
 * the kernel's class, {@link KernelContext} and {@link EmulatedGrid} from the same class files: the
 * real classes are neither subclassed nor run here. Only plain arrays and ints cross over.
 */
final class KernelContextEmulation {
    private final Class<?> emulator;

    private KernelContextEmulation(Class<?> emulator) {
        this.emulator = emulator;
    }

    /** {@code emulator} (and its nested classes) as an isolated loader defines it, with its own copy of {@code kernel}. */
    static KernelContextEmulation of(Class<?> emulator, Class<?> kernel) {
        String emulatorName = emulator.getName();
        String gridName = EmulatedGrid.class.getName();
        List<String> copied = List.of(kernel.getName(), KernelContext.class.getName());
        ClassLoader parent = emulator.getClassLoader();
        ClassLoader isolated = new ClassLoader("isolated-" + kernel.getSimpleName(), parent) {
            @Override
            protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
                if (!copied.contains(className) && !className.startsWith(emulatorName) && !className.startsWith(gridName)) {
                    return super.loadClass(className, resolve);
                }
                synchronized (getClassLoadingLock(className)) {
                    Class<?> loaded = findLoadedClass(className);
                    if (loaded == null) {
                        String file = className.replace('.', '/') + ".class";
                        Class<?> original = className.equals(KernelContext.class.getName()) ? KernelContext.class : emulator;
                        try (InputStream in = original.getClassLoader() == null ? null
                                : original.getModule().isNamed() ? original.getModule().getResourceAsStream(file)
                                : parent.getResourceAsStream(file)) {
                            if (in == null) {
                                throw new ClassNotFoundException(className + ": no class file " + file);
                            }
                            byte[] bytes = in.readAllBytes();
                            loaded = defineClass(className, bytes, 0, bytes.length);
                        } catch (IOException e) {
                            throw new ClassNotFoundException(className, e);
                        }
                    }
                    return loaded;
                }
            }
        };
        try {
            Class<?> copy = isolated.loadClass(emulatorName);
            if (copy == emulator) {
                throw new IllegalStateException("the emulator is not a copy");
            }
            return new KernelContextEmulation(copy);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The isolated emulator's static method {@code name} (names are unique there) on {@code args}. */
    void invoke(String name, Object... args) throws Exception {
        Method method = Arrays.stream(emulator.getDeclaredMethods()).filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow();
        method.setAccessible(true);
        try {
            method.invoke(null, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }
}
