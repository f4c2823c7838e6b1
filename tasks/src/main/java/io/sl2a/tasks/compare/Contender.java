package io.sl2a.tasks.compare;

import io.sl2a.nn.models.ModelConfig;

/**
 * One row of a comparison: a label, the network (for any number of channels: it is adapted to each
 * image's), and how it trains.
 */
public record Contender(String label, ModelConfig config, double learningRate, int batch) {
}
