package io.sl2a.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.nn.models.ModelCheckpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's library example runs, fits its signal and writes a checkpoint that loads. */
class LibraryExampleTest {
    @TempDir
    Path temp;

    @Test
    void theExampleFitsItsSignalAndSavesIt() throws Exception {
        Path out = temp.resolve("chirp.safetensors");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (PrintStream stream = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(stream);
            LibraryExample.main(new String[] {out.toString()});
        } finally {
            System.setOut(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("PSNR of the last epoch ([0-9.]+) dB; f\\(0.123\\) = ([0-9.-]+) \\(true ([0-9.-]+)\\)")
                .matcher(text);
        assertTrue(m.find(), text);
        assertTrue(Double.parseDouble(m.group(1)) > 30, "the chirp is fitted: " + text);
        assertEquals(Double.parseDouble(m.group(3)), Double.parseDouble(m.group(2)), 0.03,
                "a point between the samples");
        assertEquals("sl2a", ModelCheckpoint.load(out).config().model());
    }
}
