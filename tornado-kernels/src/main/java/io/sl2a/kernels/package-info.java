/**
 * Kernel bodies: plain static Java methods, one work-item per call, over flat {@code float[]}
 * buffers with explicit sizes and offsets. No allocation, no objects, no lambdas, no exceptions.
 *
 * <p>These bodies are the single source of truth for every backend: the {@code cpu} backend runs
 * them over a thread pool, TornadoVM compiles {@code @Parallel} loops that call them, and the
 * OpenCL C kernels are tested against them. Row-major layouts throughout: a batch of {@code rows}
 * vectors of width {@code w} is {@code buf[row * w + j]}.
 */
package io.sl2a.kernels;
