package io.sl2a.nn;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sl2a.backend.Backend;
import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.backend.opencl.OpenClBackend;
import io.sl2a.backend.opencl.OpenClDevices;
import io.sl2a.backend.opencl.OpenClUnavailableException;
import java.net.URISyntaxException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/**
 * Whole training steps pinned by PyTorch: fixtures written by reference/make_goldens.py (the
 * authors' module run by torch 1.13 in float32) hold the inputs, initial parameters, forward
 * output, loss, every parameter gradient, and the parameters after three Adam steps. Each must
 * match to 1e-5 relative to the tensor's largest magnitude.
 */
class PytorchGoldenTest {

    /** The backends the goldens run on; opencl only where an OpenCL platform exists (PoCL in CI). */
    enum Target {
        CPU_JAVA_GEMM, CPU_AUTO_GEMM, OPENCL;

        Backend open() {
            return switch (this) {
                case CPU_JAVA_GEMM -> new CpuBackend(2, CpuBackend.GemmChoice.JAVA);
                case CPU_AUTO_GEMM -> new CpuBackend(2, CpuBackend.GemmChoice.AUTO);
                case OPENCL -> {
                    assumeTrue(openClPresent(), "skipped: no OpenCL platform (apt-get install pocl-opencl-icd)");
                    yield new OpenClBackend(null);
                }
            };
        }
    }

    private static boolean openClPresent() {
        try {
            return !OpenClDevices.list().isEmpty();
        } catch (OpenClUnavailableException e) {
            return false;
        }
    }

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> cases = Stream.builder();
        for (String fixture : PytorchGoldens.FIXTURES) {
            for (Target target : Target.values()) {
                cases.add(Arguments.of(fixture, target));
            }
        }
        return cases.build();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void trainingStepsMatchPytorch(String fixture, Target target) throws URISyntaxException {
        try (Backend backend = target.open()) {
            PytorchGoldens.assertStepsMatch(backend, fixture);
        }
    }
}
