import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * A Java agent for fuzzing runs only (bench/fuzz.sh): Jazzer 0.24.0 instruments classes for
 * coverage with a bundled ASM that reads class files up to Java 23 (major version 67) and leaves
 * newer ones uninstrumented, which makes its fuzzing blind on JDK 25. This agent, registered
 * before Jazzer's, relabels every class file of a newer version as 67 before Jazzer reads it.
 * Java 24 and 25 added no class-file constructs that the JVM checks against the version, so the
 * relabelled classes load and run as they were; tests (and CI) never use it.
 */
public final class ClassVersionAgent {
    private static final int READABLE = 67;

    private ClassVersionAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        instrumentation.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                    ProtectionDomain domain, byte[] bytes) {
                return relabel(bytes);
            }

            @Override
            public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain,
                    byte[] bytes) {
                return relabel(bytes);
            }
        }, true);
    }

    private static byte[] relabel(byte[] bytes) {
        if (bytes == null || bytes.length < 8 || (bytes[0] & 0xFF) != 0xCA || (bytes[1] & 0xFF) != 0xFE) {
            return null;
        }
        int major = ((bytes[6] & 0xFF) << 8) | (bytes[7] & 0xFF);
        if (major <= READABLE) {
            return null;
        }
        byte[] copy = bytes.clone();
        copy[6] = 0;
        copy[7] = (byte) READABLE;
        return copy;
    }
}
