package io.sl2a.tasks.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sl2a.nn.models.Sl2aConfig;
import io.sl2a.tasks.compare.Contender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sl2a ablation}: the paper's SL2A variants, through the comparison runner. */
class AblationCommandTest {
    @TempDir
    Path temp;

    @Test
    void theVariantsAreThePapers() {
        Map<String, Contender> all = AblationCommand.catalog();
        assertEquals(List.of("sl2a", "rank32", "width128", "no-skip", "no-relu", "degree16", "degree32", "degree64",
                "degree128", "degree512"), List.copyOf(all.keySet()));
        Sl2aConfig rank = (Sl2aConfig) all.get("rank32").config();
        assertEquals(32, rank.rank());
        assertEquals(256, rank.degree());
        Sl2aConfig narrow = (Sl2aConfig) all.get("width128").config();
        assertEquals(128, narrow.width());
        assertEquals(500, narrow.degree());
        assertFalse(((Sl2aConfig) all.get("no-skip").config()).modulation());
        assertFalse(((Sl2aConfig) all.get("no-relu").config()).relu());
        assertEquals(512, ((Sl2aConfig) all.get("degree512").config()).degree());
        for (Contender c : all.values()) {
            assertEquals(1e-3, c.learningRate());
            assertEquals(16384, c.batch());
        }
    }

    @Test
    void fitsTheChosenVariantsToEveryImage() throws Exception {
        Path image = TinyImages.colour(temp, 12, 10);
        Path out = temp.resolve("ab");
        CliRun run = CliRun.of("ablation", image, "--variants", "no-skip,degree32", "--epochs", 2, "--out", out);
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stderr().contains("sl2a ablation: 2 models on 1 images; wrote " + out), run.stderr());
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals("[\"no skip\",\"degree 32\"]", results.get("models").toString());
        String table = Files.readString(out.resolve("table.md"));
        assertTrue(table.contains("\n| no skip | ") && table.contains("\n| degree 32 | "), table);
        assertTrue(Files.exists(out.resolve("runs").resolve("tiny").resolve("degree-32").resolve("model.safetensors")));
        assertTrue(Files.size(out.resolve("grid.png")) > 0);
        CliRun bad = CliRun.of("ablation", image, "--variants", "wide", "--out", temp.resolve("x"));
        assertEquals(Main.BAD_INPUT, bad.exitCode());
        assertEquals(List.of("sl2a: unknown variant 'wide': use one of sl2a, rank32, width128, no-skip, no-relu, degree16,"
                + " degree32, degree64, degree128, degree512"), bad.messageLines());
    }
}
