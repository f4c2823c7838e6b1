/**
 * Training-step programs: a fixed list of kernel calls over named buffers, built once by a model
 * ({@code nn}) and run every step by a backend. A program says nothing about how an operation is
 * computed; each backend maps every {@link io.sl2a.program.Op} to its own implementation of the
 * same contract (the kernel bodies in {@code io.sl2a.kernels}).
 */
package io.sl2a.program;
