package io.sl2a.reproduce;

import io.sl2a.tasks.io.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Where the signals come from: the shipped samples, and the paper's data sets where the user
 * points to them. A data set that is not there is named with where to get it; nothing is
 * downloaded.
 *
 * @param samples the project's samples/ folder
 * @param div2k a folder of DIV2K images (PNG), or null
 * @param meshes a folder of closed meshes (the Stanford scans as OFF, OBJ or PLY), or null
 * @param blender a folder of the NeRF-synthetic scenes (chair/, drums/, ... in Blender's layout), or null
 * @param placeholders where a data set is not given, stand in the paper's count of made-up names
 *     (for an estimate of the paper's cost before anything is downloaded; nothing reads them)
 */
public record DataSources(Path samples, Path div2k, Path meshes, Path blender, boolean placeholders) {
    /** The paper's data set sizes: 16 DIV2K images, five scans, eight Blender scenes. */
    static final int PAPER_IMAGES = 16;
    static final String DIV2K_WHERE = "DIV2K's validation images (DIV2K_valid_HR, 100 PNGs) from the DIV2K"
            + " data set's page at ETH Zurich's computer vision lab";
    static final String MESHES_WHERE = "the Stanford 3D Scanning Repository (armadillo, dragon, lucy, thai statue)"
            + " and the bearded man of the NeRF/IGR data sets, as closed meshes";
    static final String BLENDER_WHERE = "the NeRF-synthetic scenes (nerf_synthetic: chair, drums, ficus, hotdog, lego,"
            + " materials, mic, ship) from the NeRF authors' data release";

    public Path sample(String name) {
        Path file = samples.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new UserInputException("sample " + file + " is missing: give --samples the project's samples/ folder");
        }
        return file;
    }

    /** DIV2K's images, sorted by name; at the paper's scale they are required. */
    public List<Path> div2kImages() {
        if (div2k == null && placeholders) {
            return java.util.stream.IntStream.rangeClosed(1, PAPER_IMAGES)
                    .mapToObj(i -> Path.of("div2k-image-" + i + ".png")).toList();
        }
        if (div2k == null) {
            throw new UserInputException("the paper's image experiments need DIV2K: give --div2k DIR with "
                    + DIV2K_WHERE);
        }
        return files(div2k, "--div2k", ".png");
    }

    public List<Path> meshFiles() {
        if (meshes == null && placeholders) {
            return Stream.of(PaperFigures.OCCUPANCY_SHAPES).map(name -> Path.of(name + ".ply")).toList();
        }
        if (meshes == null) {
            throw new UserInputException("the paper's occupancy experiment needs its meshes: give --meshes DIR with "
                    + MESHES_WHERE);
        }
        return files(meshes, "--meshes", ".off", ".obj", ".ply");
    }

    public List<Path> blenderScenes() {
        if (blender == null && placeholders) {
            return Stream.of(PaperFigures.BLENDER_SCENES).map(Path::of).toList();
        }
        if (blender == null) {
            throw new UserInputException("the paper's NeRF experiment needs the Blender scenes: give --blender DIR with "
                    + BLENDER_WHERE);
        }
        try (Stream<Path> list = Files.list(blender)) {
            List<Path> scenes = list.filter(d -> Files.isRegularFile(d.resolve("transforms_train.json"))).sorted()
                    .toList();
            if (scenes.isEmpty()) {
                throw new UserInputException("--blender " + blender + " holds no scene (a folder with"
                        + " transforms_train.json); it wants " + BLENDER_WHERE);
            }
            return scenes;
        } catch (IOException e) {
            throw new UserInputException("cannot read --blender " + blender + ": " + e.getMessage());
        }
    }

    private static List<Path> files(Path folder, String option, String... endings) {
        try (Stream<Path> list = Files.list(folder)) {
            List<Path> files = list.filter(Files::isRegularFile)
                    .filter(f -> Stream.of(endings).anyMatch(e -> f.getFileName().toString().toLowerCase(Locale.ROOT)
                            .endsWith(e)))
                    .sorted().toList();
            if (files.isEmpty()) {
                throw new UserInputException(option + " " + folder + " holds no " + String.join(" or ", endings)
                        + " file");
            }
            return files;
        } catch (IOException e) {
            throw new UserInputException("cannot read " + option + " " + folder + ": " + e.getMessage());
        }
    }
}
