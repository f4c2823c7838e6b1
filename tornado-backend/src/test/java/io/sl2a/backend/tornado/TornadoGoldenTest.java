package io.sl2a.backend.tornado;

import io.sl2a.nn.PytorchGoldens;
import java.net.URISyntaxException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The PyTorch goldens of nn's PytorchGoldenTest, on the tornado backend: three whole training steps
 * (forward output, loss, every gradient, parameters after three Adam steps) match the authors'
 * module run by torch in float32, to 1e-5 relative to each tensor's largest magnitude. The fixtures
 * and the check are nn's test-jar (PytorchGoldens).
 */
class TornadoGoldenTest {
    private static TornadoBackend backend;

    @BeforeAll
    static void open() {
        backend = TornadoTestSupport.openBackend();
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    static List<String> fixtures() {
        return PytorchGoldens.FIXTURES;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void trainingStepsMatchPytorch(String fixture) throws URISyntaxException {
        PytorchGoldens.assertStepsMatch(backend, fixture);
    }

    @org.junit.jupiter.api.Test
    void aRadianceFieldsStepsThroughVolumeRenderingMatchPytorch() throws Exception {
        io.sl2a.nn.NerfGoldens.assertStepsMatch(backend);
    }
}
