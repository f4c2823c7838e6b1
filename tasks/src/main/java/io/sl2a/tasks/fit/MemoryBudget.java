package io.sl2a.tasks.fit;

import io.sl2a.nn.graph.DeviceNetwork;
import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.objectives.MeasuredMse;
import io.sl2a.nn.operators.MeasurementOperator;
import io.sl2a.tasks.io.UserInputException;

/** Refuses, before anything is allocated, a model and batch that would not fit in the JVM's heap. */
public final class MemoryBudget {
    private MemoryBudget() {
    }

    /**
     * @param extraBytes what the job holds besides the network's buffers (data, outputs)
     */
    public static void require(ModelConfig config, int maxRows, int gridAxisLength, long extraBytes,
            String whatToLower) {
        requireBytes(DeviceNetwork.bytesNeeded(config.graph(), maxRows, gridAxisLength) + extraBytes, whatToLower);
    }

    /** As {@link #require}, for a model trained through {@code operator} (its matrices on the device too). */
    public static void requireMeasured(ModelConfig config, int gridAxisLength, MeasurementOperator operator,
            long extraBytes,
            String whatToLower) {
        requireBytes(DeviceNetwork.bytesNeeded(config.graph(), operator.points(), gridAxisLength,
                new MeasuredMse(operator)) + extraBytes, whatToLower);
    }

    private static void requireBytes(long needed, String whatToLower) {
        Runtime runtime = Runtime.getRuntime();
        long available = runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
        if (needed > available) {
            throw new UserInputException(String.format(
                    "this model and batch need %.1f GiB of memory but only %.1f GiB is available; lower %s"
                            + " (or raise the heap with SL2A_JAVA_OPTS=-Xmx...)",
                    needed / (double) (1L << 30), available / (double) (1L << 30), whatToLower));
        }
    }
}
