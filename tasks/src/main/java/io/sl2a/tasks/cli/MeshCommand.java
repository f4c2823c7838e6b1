package io.sl2a.tasks.cli;

import io.sl2a.backend.Backend;
import io.sl2a.nn.graph.AdamSettings;
import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.tasks.fit.MemoryBudget;
import io.sl2a.tasks.io.IoErrors;
import io.sl2a.tasks.io.UserInputException;
import io.sl2a.tasks.occupancy.OccupancyCheckpoint;
import io.sl2a.tasks.occupancy.OccupancyFit;
import io.sl2a.tasks.volume.MarchingCubes;
import io.sl2a.tasks.volume.PlyWriter;
import io.sl2a.tasks.volume.TriangleMesh;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sl2a mesh CKPT}: marching cubes on an occupancy network at any resolution. */
@Command(name = "mesh", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Extract a mesh (binary PLY) from an occupancy checkpoint at any resolution.")
public final class MeshCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CKPT",
            description = "Checkpoint written by sl2a occupancy (model.safetensors).")
    Path checkpoint;

    @Option(names = "--resolution", defaultValue = "256", paramLabel = "N",
            description = "Grid points a side (default: ${DEFAULT-VALUE}).")
    int resolution;

    @Option(names = "--out", required = true, paramLabel = "FILE.ply", description = "PLY file to write.")
    Path out;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() {
        if (resolution < 8 || resolution > OccupancyCommand.MAX_RESOLUTION) {
            throw new UserInputException("--resolution must be from 8 to " + OccupancyCommand.MAX_RESOLUTION + ", got "
                    + resolution);
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
            throw new UserInputException("cannot write " + out + ": its directory does not exist or is not writable");
        }
        OccupancyCheckpoint saved = OccupancyCheckpoint.load(checkpoint);
        long points = (long) resolution * resolution * resolution;
        int rows = (int) Math.min(RenderCommand.CHUNK_POINTS, points);
        MemoryBudget.require(saved.model().config(), rows, 0, points * 8, "--resolution");
        TriangleMesh mesh;
        try (Backend backend = backendOptions.open();
                DeviceNetwork network = DeviceNetwork.create(backend, saved.model().config().graph(), rows,
                        AdamSettings.PYTORCH, 0)) {
            network.setParameters(saved.model().parameters());
            mesh = MarchingCubes.extract(OccupancyFit.predict(network, resolution), resolution, OccupancyFit.LEVEL,
                    saved.frame());
        }
        try {
            PlyWriter.write(mesh, out);
        } catch (IOException e) {
            throw new UserInputException("cannot write " + out + ": " + IoErrors.reason(e));
        }
        System.err.printf("sl2a mesh: %,d vertices, %,d triangles%s; wrote %s%n", mesh.vertexCount(),
                mesh.triangleCount(),
                mesh.isClosed() ? ", closed" : "", out);
        return 0;
    }
}
