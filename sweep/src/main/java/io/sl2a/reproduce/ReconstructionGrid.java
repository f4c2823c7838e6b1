package io.sl2a.reproduce;

import io.sl2a.tasks.compare.ComparisonGrid;
import io.sl2a.tasks.compare.ComparisonRun;
import io.sl2a.tasks.image.AreaDownscale;
import io.sl2a.tasks.image.ImageReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The side-by-side picture of sweep fits: per image the ground truth and each model's reconstruction (compare's grid.png). */
final class ReconstructionGrid {
    private ReconstructionGrid() {
    }

    /**
     * @param images the signals by name, in the grid's row order
     * @param downscale the factor the fits shrank them by
     */
    static void write(Map<String, Path> images, int downscale, List<FitRow> rows, List<String> models, Path png) {
        List<ComparisonGrid.Row> gridRows = new ArrayList<>();
        images.forEach((signal, file) -> {
            List<ComparisonRun> runs = new ArrayList<>();
            for (String model : models) {
                rows.stream().filter(r -> r.signal().equals(signal) && r.model().equals(model)).findFirst()
                        .ifPresent(r -> runs.add(new ComparisonRun(signal, model, r.params(), r.psnr(), r.ssim(),
                                r.curve().length, r.seconds(), 0, r.curve(), -1,
                                ImageReader.read(r.run().resolve("reconstruction.png")))));
            }
            gridRows.add(new ComparisonGrid.Row(signal, AreaDownscale.downscale(ImageReader.read(file), downscale), runs));
        });
        try {
            ComparisonGrid.write(gridRows, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
