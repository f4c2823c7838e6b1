package io.sl2a.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sl2a.backend.CompiledProgram;
import io.sl2a.backend.cpu.CpuBackend.GemmChoice;
import io.sl2a.program.BufferRole;
import io.sl2a.program.BufferSpec;
import io.sl2a.program.Extent;
import io.sl2a.program.Op;
import io.sl2a.program.Program;
import io.sl2a.program.StepScalars;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * {@link CpuBackend}'s settings: its description, the product each choice gives, the chunk rows
 * from the constructor or {@code -Dsl2a.cpu.chunkRows} (and what it refuses), the profile report
 * when {@code -Dsl2a.profile=true}, the largest product of a program, and closing.
 */
class CpuBackendTest {
    private static final boolean OPENBLAS = OpenBlasSgemm.load().isPresent();
    private static final String JAVA_GEMM = "java-vector(" + FloatVector.SPECIES_PREFERRED.length() + " lanes)";

    /** Runs {@code body} with the system property set to {@code value} (cleared when null), then restores it. */
    private static void withProperty(String name, String value, Runnable body) {
        String before = System.getProperty(name);
        try {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
            body.run();
        } finally {
            if (before == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, before);
            }
        }
    }

    @Test
    void theDescriptionNamesThreadsChunksAndProduct() {
        try (CpuBackend chunked = new CpuBackend(3, GemmChoice.JAVA, 5);
                CpuBackend whole = new CpuBackend(2, GemmChoice.JAVA, 0)) {
            assertEquals("cpu", chunked.name());
            assertEquals("cpu: 3 threads, row chunks of 5, gemm " + JAVA_GEMM, chunked.description());
            assertEquals("cpu: 2 threads, gemm " + JAVA_GEMM, whole.description());
            assertEquals(5, chunked.chunkRows());
            assertEquals(0, whole.chunkRows());
        }
    }

    @Test
    void eachChoiceGivesItsProduct() {
        try (CpuBackend java = new CpuBackend(2, GemmChoice.JAVA, 0);
                CpuBackend auto = new CpuBackend(2, GemmChoice.AUTO, 0)) {
            assertInstanceOf(JavaVectorSgemm.class, java.gemm());
            if (OPENBLAS) {
                AdaptiveOpenBlasSgemm adaptive = assertInstanceOf(AdaptiveOpenBlasSgemm.class, auto.gemm());
                assertTrue(auto.description().endsWith("gemm " + adaptive.name()), auto.description());
                assertTrue(adaptive.name().startsWith("openblas(") && adaptive.name().contains(" x 2 threads"),
                        adaptive.name());
            } else {
                assertInstanceOf(JavaVectorSgemm.class, auto.gemm());
            }
        }
        if (OPENBLAS) {
            try (CpuBackend openBlas = new CpuBackend(2, GemmChoice.OPENBLAS, 0)) {
                assertInstanceOf(AdaptiveOpenBlasSgemm.class, openBlas.gemm());
            }
        } else {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new CpuBackend(2, GemmChoice.OPENBLAS, 0));
            assertTrue(e.getMessage().startsWith("OpenBLAS not found"), e.getMessage());
        }
    }

    @Test
    void negativeChunkRowsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CpuBackend(1, GemmChoice.JAVA, -1));
        assertEquals("sl2a.cpu.chunkRows must not be negative, got -1", e.getMessage());
    }

    @Test
    void theChunkRowsComeFromTheProperty() {
        withProperty(CpuBackend.CHUNK_ROWS_PROPERTY, null, () -> {
            try (CpuBackend backend = new CpuBackend(1, GemmChoice.JAVA)) {
                assertEquals(CpuBackend.DEFAULT_CHUNK_ROWS, backend.chunkRows());
            }
        });
        withProperty(CpuBackend.CHUNK_ROWS_PROPERTY, " 7 ", () -> {
            try (CpuBackend backend = new CpuBackend(1, GemmChoice.JAVA)) {
                assertEquals(7, backend.chunkRows());
            }
        });
        withProperty(CpuBackend.CHUNK_ROWS_PROPERTY, "0", () -> {
            try (CpuBackend backend = new CpuBackend(1, GemmChoice.JAVA)) {
                assertEquals("cpu: 1 threads, gemm " + JAVA_GEMM, backend.description());
            }
        });
        withProperty(CpuBackend.CHUNK_ROWS_PROPERTY, "lots", () -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new CpuBackend(1, GemmChoice.JAVA));
            assertEquals("sl2a.cpu.chunkRows must be a whole number of rows (0: none), got 'lots'", e.getMessage());
        });
        withProperty(CpuBackend.CHUNK_ROWS_PROPERTY, "-3", () -> assertThrows(IllegalArgumentException.class,
                () -> new CpuBackend(1, GemmChoice.JAVA)));
    }

    /** One routine of a bias and ReLU over 97 rows of width 5 (three grains of 32 rows: split over threads). */
    private static Program biasProgram() {
        return Program.builder(97).buffer(BufferSpec.perRow("y", BufferRole.ACTIVATION, 5))
                .buffer(BufferSpec.fixed("b", BufferRole.PARAMETER, 5))
                .routine("r", List.of(new Op.BiasActivation("y", "b", 5, true))).build();
    }

    @Test
    void theProfileReportListsTheOperationsOnlyWhenAskedFor() {
        withProperty("sl2a.profile", null, () -> {
            try (CpuBackend backend = new CpuBackend(1, GemmChoice.JAVA, 0);
                    CompiledProgram compiled = backend.compile(biasProgram())) {
                compiled.run("r", 97, StepScalars.NONE);
                assertEquals("", backend.profileReport());
            }
        });
        withProperty("sl2a.profile", "true", () -> {
            try (CpuBackend backend = new CpuBackend(1, GemmChoice.JAVA, 0);
                    CompiledProgram compiled = backend.compile(biasProgram())) {
                assertEquals("", backend.profileReport());
                compiled.run("r", 97, StepScalars.NONE);
                compiled.run("r", 97, StepScalars.NONE);
                String report = backend.profileReport();
                assertTrue(report.startsWith("BiasActivation ") && report.contains(" 2 calls "), report);
            }
        });
    }

    @Test
    void theLargestProductIsTakenOverEveryRoutineAtMaxRows() {
        Extent rows = Extent.rows();
        Program.Builder builder = Program.builder(97);
        for (String name : List.of("a", "b", "c", "d", "e", "f")) {
            builder.buffer(BufferSpec.fixed(name, BufferRole.ACTIVATION, 97 * 13));
        }
        builder.routine("rows", List.of(new Op.MatMul("a", false, "b", false, "c", rows, Extent.of(7), Extent.of(5),
                false), new Op.BiasGrad("a", "b", 4)));
        builder.routine("fixed", List.of(new Op.MatMul("d", false, "e", false, "f", Extent.of(3), Extent.of(11),
                Extent.of(13), false)));
        assertEquals(97L * 7 * 5, CpuBackend.largestProduct(builder.build()));
        Program small = Program.builder(2).buffer(BufferSpec.fixed("a", BufferRole.ACTIVATION, 200))
                .routine("r", List.of(new Op.MatMul("a", false, "a", false, "a", rows, Extent.of(7), Extent.of(5), false),
                        new Op.MatMul("a", true, "a", false, "a", Extent.of(3), Extent.of(11), Extent.of(13), false)))
                .build();
        assertEquals(3L * 11 * 13, CpuBackend.largestProduct(small));
        Program none = Program.builder(5).buffer(BufferSpec.fixed("a", BufferRole.ACTIVATION, 5))
                .routine("r", List.of(new Op.BiasGrad("a", "a", 1))).build();
        assertEquals(0L, CpuBackend.largestProduct(none));
    }

    @Test
    void afterCloseItsThreadsTakeNoMoreWork() {
        CpuBackend backend = new CpuBackend(3, GemmChoice.JAVA, 0);
        CompiledProgram compiled = backend.compile(biasProgram());
        compiled.run("r", 97, StepScalars.NONE);
        backend.close();
        assertThrows(RejectedExecutionException.class, () -> compiled.run("r", 97, StepScalars.NONE));
    }
}
