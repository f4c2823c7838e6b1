package io.sl2a.tasks.nerf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.tasks.image.PngHeaders;
import io.sl2a.tasks.io.UserInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A NeRF picture whose header declares more pixels than the heap holds is refused before decoding. */
class RgbaPngTest {
    @TempDir
    Path dir;

    @Test
    void aHugeDeclaredSizeIsRefusedFromTheHeader() throws Exception {
        Path huge = Files.write(dir.resolve("r_0.png"), PngHeaders.headerOnly(100_000, 100_000));
        UserInputException e = assertThrows(UserInputException.class, () -> RgbaPng.readOnWhite(huge));
        assertTrue(e.getMessage().startsWith("cannot read image " + huge + ": too large: 100000x100000 needs about "),
                e.getMessage());
        Path small = Files.write(dir.resolve("r_1.png"), PngHeaders.headerOnly(4, 4));
        UserInputException damaged = assertThrows(UserInputException.class, () -> RgbaPng.readOnWhite(small));
        assertEquals(1, damaged.getMessage().lines().count(), "a header without pixels is damaged, one line");
    }
}
