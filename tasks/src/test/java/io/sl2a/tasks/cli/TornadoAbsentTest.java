package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without TornadoVM on the class path, asking for the tornado backend says how to get it, in one line. */
class TornadoAbsentTest {
    @TempDir
    Path temp;

    @Test
    void tornadoWithoutTornadoVmIsOneLineSayingHowToInstallIt() throws Exception {
        assumeTrue(BackendOptions.provider(BackendOptions.TORNADO).isEmpty(), "skipped: a tornado backend is on the class path");
        Path image = TinyImages.colour(temp, 8, 8);
        CliRun run = CliRun.of("fit", image, "--out", temp.resolve("out"), "--backend", "tornado");
        assertEquals(Main.BAD_INPUT, run.exitCode());
        assertEquals(1, run.messageLines().size(), run.stderr());
        assertTrue(run.stderr().contains("needs TornadoVM"), run.stderr());
    }
}
