package io.sl2a.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.backend.Backend;
import io.sl2a.backend.CompiledProgram;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.models.Sl2aConfig;
import io.sl2a.program.Program;
import io.sl2a.program.StepScalars;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A routine split across task graphs computes exactly what it computes as one graph. A small SL2A
 * network, compiled with a graph limit of 120 nodes (TornadoVM's is 1024), runs each routine as
 * several graphs; through training steps, reads of the loss, prediction, gradients, parameters and
 * Adam moments, a forward after train_step changed the parameters, the output-gradient routine,
 * and a second upload of the parameters followed by more training, it gives the same floats as
 * the same network compiled as one graph per routine.
 */
class TornadoSplitTest {
    private static final TornadoProgram.GraphLimits SMALL = new TornadoProgram.GraphLimits(8192, 120);
    private static final int POINTS = 64;
    private static final AdamSettings ADAM = AdamSettings.PYTORCH;
    private static final double LEARNING_RATE = 1e-2;
    private static TornadoBackend tornado;

    @BeforeAll
    static void open() {
        tornado = TornadoTestSupport.openBackend();
    }

    @AfterAll
    static void close() {
        tornado.close();
    }

    /** The tornado backend, its programs compiled with other graph limits. */
    private static Backend withLimits(TornadoProgram.GraphLimits limits) {
        return new Backend() {
            @Override
            public String name() {
                return "tornado";
            }

            @Override
            public String description() {
                return tornado.description() + ", graphs of at most " + limits;
            }

            @Override
            public CompiledProgram compile(Program program) {
                return new TornadoProgram(program, tornado.device(), limits);
            }

            @Override
            public void close() {
            }
        };
    }

    /** Everything the run read back, in order, and the graphs its routines ran as. */
    record Run(List<float[]> read, Map<String, List<String>> taskNames) {
    }

    private static Run run(Backend backend) {
        Sl2aConfig config = new Sl2aConfig(2, 3, 8, 16, 2, 8, true, true);
        Map<String, float[]> initial = config.graph().initialParameters(11);
        Random random = new Random(5);
        float[] coords = TornadoTestSupport.uniform(random, POINTS * 2, -1, 1);
        float[] targets = TornadoTestSupport.uniform(random, POINTS * 3, 0, 1);
        List<float[]> read = new ArrayList<>();
        try (DeviceNetwork network = DeviceNetwork.create(backend, config.graph(), POINTS, ADAM, 0)) {
            network.setParameters(initial);
            for (int step = 1; step <= 3; step++) {
                network.trainStep(coords, targets, POINTS, StepScalars.adam(LEARNING_RATE, ADAM.beta1(),
                        ADAM.beta2(), step));
                read.add(new float[] {(float) network.lastSquaredError(POINTS)});
                read.add(network.lastPrediction(POINTS));
            }
            read.addAll(network.gradients().values());
            read.addAll(network.parameters().values());
            read.addAll(network.optimizerState().values());
            read.add(network.predict(coords, POINTS));
            read.addAll(network.outputGradient(new float[] {0.3f, -0.2f}, new float[] {0, 1, 0}).values());
            network.setParameters(initial);
            network.trainStep(coords, targets, POINTS, StepScalars.adam(LEARNING_RATE, ADAM.beta1(), ADAM.beta2(), 4));
            read.addAll(network.parameters().values());
            Map<String, List<String>> taskNames = new LinkedHashMap<>(((TornadoProgram) network.program()).taskNames());
            return new Run(read, taskNames);
        }
    }

    private static long graphs(List<String> taskNames) {
        return taskNames.stream().map(name -> name.substring(0, name.indexOf('.'))).distinct().count();
    }

    @Test
    void aRoutineSplitAcrossGraphsComputesWhatItComputesAsOne() {
        Run whole = run(tornado);
        Run split = run(withLimits(SMALL));
        whole.taskNames().forEach((routine, names) -> assertEquals(1, graphs(names), routine + " as one graph"));
        split.taskNames().forEach((routine, names) -> {
            System.out.printf("%s: %d tasks in %d graphs%n", routine, names.size(), graphs(names));
            assertTrue(graphs(names) >= 2, routine + " split: " + names);
        });
        assertTrue(graphs(split.taskNames().get("train_step")) >= 4, "train_step in several graphs");
        assertEquals(whole.read().size(), split.read().size());
        for (int i = 0; i < whole.read().size(); i++) {
            assertArrayEquals(whole.read().get(i), split.read().get(i), "read #" + i);
        }
    }
}
