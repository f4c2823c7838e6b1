package io.sl2a.tasks.fit;

import io.sl2a.nn.models.ModelConfig;
import io.sl2a.nn.train.TrainingOptions;
import java.util.Map;

/**
 * Everything a fit needs besides the image and the backend: the network, the training options,
 * optionally the parameters to start from (a checkpoint given with {@code --init}), and whether
 * training uses the pixel grid's per-axis tables ({@code useGrid}) or expands every point.
 */
public record FitSettings(ModelConfig config, TrainingOptions training, Map<String, float[]> initialParameters,
        boolean useGrid) {
}
