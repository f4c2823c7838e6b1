package io.sl2a.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel study's report: the peak it names and each product's share of it. */
class BackendsReportTest {
    @TempDir
    Path out;

    /** One MatMul of 1000 x 128 x 256 (65.536 MFLOP) in 1 ms on opencl: 65.5 GFLOP/s. */
    private void writeKernels() throws Exception {
        Files.writeString(out.resolve("kernels.json"), """
                [{"benchmark": "io.sl2a.bench.jmh.MatMulBench.run",
                  "params": {"backend": "opencl", "rows": "1000", "shape": "rowsx128x256", "gemm": "AUTO"},
                  "primaryMetric": {"score": 1.0}}]""");
        Files.createDirectories(out.resolve("end-to-end"));
    }

    @Test
    void aPeakMeasuredOnTheGpuIsNamedAsItsFileSays() throws Exception {
        writeKernels();
        Files.writeString(out.resolve("end-to-end").resolve("sgemm.json"),
                "{\"gflops\": 131.072, \"label\": \"cuBLAS sgemm through PyTorch, FP32 with TF32 off, 8192^3\"}");
        BackendsReport.main(new String[] {out.toString()});
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("Device peak (cuBLAS sgemm through PyTorch, FP32 with TF32 off, 8192^3): 131.1 GFLOP/s."),
                report);
        assertTrue(report.contains("65.5 GFLOP/s (50%)"), report);
        assertTrue(Files.size(out.resolve("kernels.png")) > 0);
    }

    @Test
    void aPeakWithoutALabelIsTheOpenBlasOneOfTheSameCores() throws Exception {
        writeKernels();
        Files.writeString(out.resolve("end-to-end").resolve("sgemm.json"), "{\"gflops\": 65.536}");
        BackendsReport.main(new String[] {out.toString()});
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("Device peak (OpenBLAS sgemm, 2048^3, on the same cores): 65.5 GFLOP/s."), report);
        assertTrue(report.contains("65.5 GFLOP/s (100%)"), report);
    }
}
