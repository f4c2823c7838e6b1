package io.sl2a.tasks.nerf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.models.MlpShape;
import io.sl2a.nn.models.NerfFieldConfig;
import io.sl2a.nn.models.ReluPeConfig;
import io.sl2a.nn.objectives.RadianceField;
import io.sl2a.nn.operators.VolumeRendering;
import io.sl2a.tasks.io.UserInputException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * A NeRF run stopped, or cut short after a periodic checkpoint, and resumed ends where the
 * uninterrupted one does; a different run is not resumed.
 */
class NerfResumeTest {
    /** Past the occupancy grid's first refresh (at 32) and its second (48), the stop between them. */
    private static final int ITERATIONS = 52;

    /** A small ReLU-PE position network with its density and colour heads. */
    private static final NerfFieldConfig CONFIG = NerfFieldConfig.of(new ReluPeConfig(new MlpShape(3, 8, 12, 1), 3), 8,
            8, 1);

    @TempDir
    Path temp;

    /** 32 rays of 8 samples over the scene's depth range, {@link #ITERATIONS} iterations, lr 5e-3, seed 7. */
    private static NerfSettings settings(NerfDataset train) {
        return new NerfSettings(32, 8, train.nearFar().near(), train.nearFar().far(), 1f, ITERATIONS, 5e-3, 7);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "grid {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 6})
    void aResumedRunEndsWithTheUninterruptedRunsParameters(int grid) throws Exception {
        Path scene = SphereScene.write(temp.resolve("sphere"), 12, 4, 1);
        NerfDataset train = NerfDataset.load(scene, "train", 1, 1);
        NerfDataset test = NerfDataset.load(scene, "test", 1, 1);
        NerfFieldConfig config = CONFIG;
        NerfSettings settings = settings(train);

        Map<String, float[]> whole = run(config, settings, train, test, temp.resolve("whole"), false, Integer.MAX_VALUE,
                grid);
        Path stopped = temp.resolve("stopped");
        run(config, settings, train, test, stopped, false, 40, grid);
        Map<String, float[]> resumed = run(config, settings, train, test, stopped, true, Integer.MAX_VALUE, grid);
        for (Map.Entry<String, float[]> p : whole.entrySet()) {
            assertArrayEquals(p.getValue(), resumed.get(p.getKey()), 0f, p.getKey());
        }
        NerfSettings other = new NerfSettings(32, 8, settings.near(), settings.far(), 1f, ITERATIONS, 1e-3, 7);
        UserInputException e = assertThrows(UserInputException.class,
                () -> run(config, other, train, test, stopped, true, Integer.MAX_VALUE, grid));
        assertTrue(e.getMessage().startsWith("--resume: the run there had lr = 0.005, this one 0.001"), e.getMessage());
    }

    /**
     * A run that dies at iteration 47 (no state written at the stop) leaves its periodic checkpoint of
     * iteration 45, after the grid's refresh at 32 and before the one at 48: resumed from it, the run
     * ends with the uninterrupted run's parameters, so the parameters, Adam's moments, the step count
     * and the grid were all read back as saved.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "grid {0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 6})
    void aRunCutShortResumesFromItsLastPeriodicCheckpoint(int grid) throws Exception {
        Path scene = SphereScene.write(temp.resolve("sphere"), 12, 4, 1);
        NerfDataset train = NerfDataset.load(scene, "train", 1, 1);
        NerfDataset test = NerfDataset.load(scene, "test", 1, 1);
        NerfFieldConfig config = CONFIG;
        NerfSettings settings = settings(train);
        Map<String, float[]> whole = run(config, settings, train, test, temp.resolve("whole"), false, Integer.MAX_VALUE,
                grid);
        Path cut = temp.resolve("cut");
        RuntimeException died = assertThrows(RuntimeException.class, () -> {
            try (CpuBackend backend = new CpuBackend(2, CpuBackend.GemmChoice.JAVA);
                    RadianceField field = RadianceField.create(backend, config.graph(), NerfRun.ADAM,
                            new VolumeRendering(settings.rays(), settings.samples(), 1f))) {
                new NerfRun(config, field, settings, train.views(), test.views(), cut, 15, 0, false, grid)
                        .train(() -> false, done -> {
                            if (done == 47) {
                                throw new IllegalStateException("the process died");
                            }
                        });
            }
        });
        assertEquals("the process died", died.getMessage());
        assertEquals(45, NerfRunState.read(cut).iterations(), "the last periodic checkpoint");
        Map<String, float[]> resumed = run(config, settings, train, test, cut, true, Integer.MAX_VALUE, grid);
        for (Map.Entry<String, float[]> p : whole.entrySet()) {
            assertArrayEquals(p.getValue(), resumed.get(p.getKey()), 0f, p.getKey());
        }
    }

    /** Trains to the end or for {@code stopAfter} iterations; returns the parameters. */
    private static Map<String, float[]> run(NerfFieldConfig config, NerfSettings settings, NerfDataset train,
            NerfDataset test,
            Path out, boolean resume, int stopAfter, int grid) {
        try (CpuBackend backend = new CpuBackend(2, CpuBackend.GemmChoice.JAVA);
                RadianceField field = RadianceField.create(backend, config.graph(), NerfRun.ADAM, new VolumeRendering(settings.rays(), settings.samples(), 1f))) {
            AtomicInteger done = new AtomicInteger();
            NerfRun run = new NerfRun(config, field, settings, train.views(), test.views(), out, 5, 0, resume, grid);
            run.evaluate(run.train(() -> done.get() >= stopAfter, done::set));
            return field.network().parameters();
        }
    }
}
