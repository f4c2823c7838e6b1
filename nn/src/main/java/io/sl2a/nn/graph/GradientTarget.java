package io.sl2a.nn.graph;

/**
 * Where a layer's backward puts the gradient of one of its inputs: buffer {@code name}, written
 * when {@code accumulate} is false, added to when another reader of the same input has already
 * written its share (the input fans out).
 */
public record GradientTarget(String name, boolean accumulate) {
}
