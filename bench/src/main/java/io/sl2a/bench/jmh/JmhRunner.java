package io.sl2a.bench.jmh;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * JMH's command line ({@code org.openjdk.jmh.Main}, same options), followed by a summary table that
 * turns each kernel's time into GFLOP/s for the products (MatMul, Chebyshev, Sgemm) and GB/s of
 * compulsory memory traffic for the memory-bound kernels (see {@link KernelWork}).
 */
public final class JmhRunner {
    private static final Set<String> DELEGATED = Set.of("-h", "-help", "--help", "-l", "-lp", "-lprof", "-lrf");

    private JmhRunner() {
    }

    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            if (DELEGATED.contains(arg)) {
                org.openjdk.jmh.Main.main(args);
                return;
            }
        }
        CommandLineOptions options;
        try {
            options = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("Error parsing command line: " + e.getMessage());
            System.exit(1);
            return;
        }
        Collection<RunResult> results;
        try {
            results = new Runner(options).run();
        } catch (RunnerException e) {
            System.err.println("ERROR: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
            return;
        }
        System.out.println();
        System.out.print(summary(results));
    }

    /** One line per result: benchmark, parameters, time per call, GFLOP/s and GB/s where known. */
    public static String summary(Collection<RunResult> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"kernel", "params", "time/op", "error", "GFLOP/s", "GB/s (compulsory)"});
        for (RunResult result : results) {
            BenchmarkParams params = result.getParams();
            String benchmark = params.getBenchmark();
            String className = benchmark.substring(0, benchmark.lastIndexOf('.'));
            String simpleName = className.substring(className.lastIndexOf('.') + 1);
            StringBuilder paramText = new StringBuilder();
            for (String key : params.getParamsKeys()) {
                paramText.append(paramText.isEmpty() ? "" : " ").append(key).append('=').append(params.getParam(key));
            }
            Result<?> primary = result.getPrimaryResult();
            double seconds = secondsPerOp(primary.getScore(), primary.getScoreUnit());
            KernelWork work = KernelWork.of(simpleName, params::getParam);
            String gflops = "-";
            String gbytes = "-";
            if (work != null && seconds > 0) {
                if (work.flops() > 0) {
                    gflops = String.format("%.1f", work.flops() / seconds / 1e9);
                } else {
                    gbytes = String.format("%.1f", work.bytes() / seconds / 1e9);
                }
            }
            rows.add(new String[] {simpleName.replaceFirst("Bench$", ""), paramText.toString(),
                    String.format("%.3f %s", primary.getScore(), primary.getScoreUnit()),
                    Double.isNaN(primary.getScoreError()) ? "-" : String.format("±%.3f", primary.getScoreError()),
                    gflops, gbytes});
        }
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                boolean left = i < 2;
                String format = "%" + (left ? "-" : "") + widths[i] + "s";
                text.append(String.format(format, row[i])).append(i + 1 < row.length ? "  " : "\n");
            }
        }
        return text.toString();
    }

    /** Seconds per call from a score in a time-per-op unit; NaN for throughput or other units. */
    static double secondsPerOp(double score, String unit) {
        return switch (unit) {
            case "s/op" -> score;
            case "ms/op" -> score * 1e-3;
            case "us/op" -> score * 1e-6;
            case "ns/op" -> score * 1e-9;
            default -> Double.NaN;
        };
    }
}
