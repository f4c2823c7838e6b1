package io.sl2a.bench.jmh;

import io.sl2a.backend.cpu.CpuBackend;
import io.sl2a.nn.layers.GridEncodingLayer;
import io.sl2a.nn.models.HashGridConfig;
import io.sl2a.program.Op;
import org.openjdk.jmh.annotations.Param;

/**
 * The multiresolution hash encoding (the hashgrid model's first layer) at instant-ngp's defaults
 * (16 levels of 2 features, 16 to 512 cells per axis) on random points of the square:
 * Op.HashGridEncode ({@code pass=encode}: every level's four corners interpolated into rows x 32) and
 * Op.HashGridScatter ({@code pass=scatter}: the rows x 32 gradient added into the tables' gradient).
 * {@code log2T} is the level's table: 19, the model's default, holds every 2-D level densely
 * (5.7 MB of tables); 14 hashes the finer levels into 16,384 entries each.
 */
public class HashGridBench extends BatchOpBenchmark {
    static final int DIMS = 2;
    static final int LEVELS = 16;
    static final int FEATURES = 2;

    /** Not named op: bench/backends.sh sets another benchmark's op for all. */
    @Param({"encode", "scatter"})
    public String pass;

    @Param({"19", "14"})
    public int log2T;

    /** The table's entries (rows of {@link #FEATURES}) for a level table of 2^log2T. */
    static long entries(int log2T) {
        return GridEncodingLayer.tableEntries(DIMS, HashGridConfig.resolutions(LEVELS, 16, 512), FEATURES,
                1 << log2T, 0);
    }

    @Override
    protected OpHarness createHarness() {
        int[] resolutions = HashGridConfig.resolutions(LEVELS, 16, 512);
        float[] levels = new float[LEVELS];
        for (int l = 0; l < LEVELS; l++) {
            levels[l] = resolutions[l];
        }
        int tableSize = (int) entries(log2T) * FEATURES;
        OpHarness.Builder b = OpHarness.builder(rows)
                .perRow("coords", DIMS, -1f, 1f)
                .fixedValues("resolutions", levels);
        return switch (pass) {
            case "encode" -> b.fixed("table", tableSize, -1e-4f, 1e-4f).perRowOutput("features", LEVELS * FEATURES)
                    .op(new Op.HashGridEncode("coords", "resolutions", "table", "features", DIMS, LEVELS, FEATURES,
                            1 << log2T))
                    .build(target(), CpuBackend.GemmChoice.AUTO);
            case "scatter" -> b.perRow("dFeatures", LEVELS * FEATURES, -1f, 1f).fixed("dTable", tableSize, 0f, 0f)
                    .op(new Op.HashGridScatter("coords", "resolutions", "dFeatures", "dTable", DIMS, LEVELS, FEATURES,
                            1 << log2T))
                    .build(target(), CpuBackend.GemmChoice.AUTO);
            default -> throw new IllegalArgumentException("pass must be encode or scatter: " + pass);
        };
    }
}
