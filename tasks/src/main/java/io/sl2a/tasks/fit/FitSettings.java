package io.sl2a.tasks.fit;

import io.sl2a.nn.model.Sl2aConfig;
import io.sl2a.nn.train.TrainingOptions;
import java.util.Map;

/**
 * Everything a fit needs besides the image and the backend: the network, the training options,
 * and optionally the parameters to start from (a checkpoint given with {@code --init}).
 */
public record FitSettings(Sl2aConfig config, TrainingOptions training, Map<String, float[]> initialParameters) {
}
