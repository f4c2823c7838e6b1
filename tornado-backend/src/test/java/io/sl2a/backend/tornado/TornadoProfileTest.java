package io.sl2a.backend.tornado;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The profile reads TornadoVM's profiler log (its JSON layout) into kernel time per operation. */
class TornadoProfileTest {
    @Test
    void kernelTimesAreSummedByTheOperationThatNamedTheTask() {
        TornadoProfile profile = new TornadoProfile();
        profile.name("t00_matmul_act_a", "matmul");
        profile.name("t01_matmul_act_b", "matmul");
        profile.name("t02_adam_update_w", "adam_update");
        String log = """
                {
                    "train_step_1": {
                        "TOTAL_TASK_GRAPH_TIME": "5000000",
                        "train_step_1.t00_matmul_act_a": {
                            "BACKEND": "OPENCL",
                            "METHOD": "TornadoGemm.gemm",
                            "TASK_KERNEL_TIME": "2000000"
                        },
                        "train_step_1.t01_matmul_act_b": {
                            "BACKEND": "OPENCL",
                            "TASK_KERNEL_TIME": "1000000"
                        },
                        "train_step_1.t02_adam_update_w": {
                            "TASK_KERNEL_TIME": "500000"
                        }
                    }
                }""";
        profile.recordLog(log);
        profile.recordLog(log);
        String report = profile.report();
        assertTrue(report.matches("(?s).*matmul\\s+6\\.0 ms\\s+4 calls\\s+85\\.7%.*"), report);
        assertTrue(report.matches("(?s).*adam_update\\s+1\\.0 ms\\s+2 calls.*"), report);
    }
}
