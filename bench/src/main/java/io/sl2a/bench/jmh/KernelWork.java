package io.sl2a.bench.jmh;

import java.util.function.Function;

/**
 * Work one call of a benchmarked kernel does, for turning its time into rates: floating-point
 * operations of its products (2 per multiply-add; elementwise arithmetic is not counted) and the
 * compulsory memory traffic in bytes (each operand read once, each result written once, float32;
 * the true traffic of a multi-pass kernel is higher).
 */
public record KernelWork(double flops, double bytes) {

    /**
     * The work of the benchmark class {@code simpleName} with parameters from {@code param} (null
     * when the benchmark is not one of ours).
     */
    public static KernelWork of(String simpleName, Function<String, String> param) {
        int rows = intParam(param, "rows", OpHarness.ROWS);
        int w = OpHarness.WIDTH;
        double cells = (double) rows * w;
        return switch (simpleName) {
            case "ChebyshevForwardBench" -> {
                int degree = intParam(param, "degree", OpHarness.DEGREE);
                double terms = degree + 1;
                yield new KernelWork(2.0 * rows * OpHarness.IN * terms * w,
                        4.0 * (rows * OpHarness.IN + OpHarness.IN * w * terms + cells));
            }
            case "ChebyshevCoeffGradBench" -> {
                int degree = intParam(param, "degree", OpHarness.DEGREE);
                double terms = degree + 1;
                yield new KernelWork(2.0 * rows * OpHarness.IN * terms * w,
                        4.0 * (rows * OpHarness.IN + cells + OpHarness.IN * w * terms));
            }
            case "ChebyshevAxisBench" -> {
                int degree = intParam(param, "degree", OpHarness.DEGREE);
                int length = intParam(param, "axisLength", 256);
                double terms = degree + 1;
                yield new KernelWork(2.0 * OpHarness.IN * length * terms * w,
                        4.0 * (OpHarness.IN * length + OpHarness.IN * w * terms + OpHarness.IN * length * w));
            }
            case "GridGatherScatterBench" -> {
                int length = intParam(param, "axisLength", 256);
                yield new KernelWork(0, 4.0 * ((double) rows * OpHarness.IN + cells + OpHarness.IN * length * w));
            }
            case "HashGridBench" -> {
                // Per row its coordinates and its 32 features (read or written), and each level's four
                // corners' features read (encode) or read and written (scatter); the scatter also
                // zeroes the whole table gradient first.
                double features = (double) rows * HashGridBench.LEVELS * HashGridBench.FEATURES;
                boolean scatter = "scatter".equals(param.apply("pass"));
                double table = HashGridBench.entries(intParam(param, "log2T", 19)) * HashGridBench.FEATURES;
                yield new KernelWork(0, 4.0 * (rows * HashGridBench.DIMS + features
                        + (scatter ? 8.0 : 4.0) * features + (scatter ? table : 0)));
            }
            case "MatMulBench" -> {
                MatMulBench.Shape s = MatMulBench.Shape.parse(param.apply("shape"));
                double m = s.m().resolve(rows), n = s.n().resolve(rows), k = s.k().resolve(rows);
                yield new KernelWork(2.0 * m * n * k, 4.0 * (m * k + k * n + m * n));
            }
            case "SgemmBench" -> {
                double n = intParam(param, "size", 2048);
                yield new KernelWork(2.0 * n * n * n, 12.0 * n * n);
            }
            case "LayerNormForwardBench" -> new KernelWork(0, 8.0 * cells + 8.0 * rows);
            case "LayerNormBackwardBench" -> new KernelWork(0, 12.0 * cells + 8.0 * rows);
            case "BiasActivationBench" -> new KernelWork(0, 8.0 * rows * intParam(param, "width", w));
            case "BiasActivationModulateBench" -> new KernelWork(0, 16.0 * rows * intParam(param, "width", w));
            case "ModulationBackwardBench" -> new KernelWork(0,
                    ("true".equals(param.apply("accumulate")) ? 24.0 : 20.0) * rows * intParam(param, "width", w));
            case "BiasGradBench" -> new KernelWork(0, 4.0 * rows * intParam(param, "width", w));
            case "ReluBackwardBench" -> new KernelWork(0, 12.0 * rows * intParam(param, "width", w));
            case "MultiplyBench" -> new KernelWork(0,
                    ("true".equals(param.apply("accumulate")) ? 16.0 : 12.0) * rows * intParam(param, "width", w));
            case "MseLossBench" -> new KernelWork(0, 12.0 * rows * intParam(param, "width", OpHarness.OUT) + 4.0 * rows);
            case "AdamUpdateBench" -> new KernelWork(0, 28.0 * intParam(param, "size", 2 * w * (OpHarness.DEGREE + 1)));
            default -> null;
        };
    }

    private static int intParam(Function<String, String> param, String name, int fallback) {
        String value = param.apply(name);
        return value == null ? fallback : Integer.parseInt(value);
    }
}
