package io.github.wsboot.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH with the usual command line, then prints a Markdown table that JMH cannot print by itself: payload
 * bandwidth in GB/s (10^9 bytes/s, from ops/s × the {@code size} parameter), the median of the measurement
 * iterations next to JMH's mean ± 99.9% error (the median resists the noise of a shared machine), the
 * allocation per operation when run with {@code -prof gc}, and each method's ratio to the {@code baseline*}
 * methods of the same benchmark class and parameters.
 *
 * <pre>java -cp benchmarks.jar io.github.wsboot.benchmarks.Summary Masking -f 2 -wi 3 -i 5 -w 1s -r 1s</pre>
 */
public final class Summary {

    private Summary() {}

    public static void main(String[] args) throws Exception {
        CommandLineOptions options = new CommandLineOptions(args);
        Collection<RunResult> results = new Runner(options).run();
        System.out.println();
        System.out.print(table(results));
    }

    static String table(Collection<RunResult> results) {
        StringBuilder out = new StringBuilder();
        if (results.isEmpty()) {
            return "no results\n";
        }
        BenchmarkParams first = results.iterator().next().getParams();
        out.append(String.format(
                Locale.ROOT,
                "JDK %s, %s %s; JMH %s; forks %d, warmup %d × %s, measurement %d × %s%n%n",
                first.getJdkVersion(),
                first.getVmName(),
                first.getVmVersion(),
                first.getJmhVersion(),
                first.getForks(),
                first.getWarmup().getCount(),
                first.getWarmup().getTime(),
                first.getMeasurement().getCount(),
                first.getMeasurement().getTime()));
        out.append("| benchmark | params | ops/s median | ops/s mean ± error | GB/s median | GB/s mean ± error "
                + "| alloc B/op | vs baselines (median) |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---|\n");

        // Group by class + parameters so that each method can be compared to the baselines beside it.
        Map<String, List<RunResult>> groups = new LinkedHashMap<>();
        for (RunResult r : results) {
            groups.computeIfAbsent(className(r) + " " + params(r), k -> new ArrayList<>())
                    .add(r);
        }
        for (List<RunResult> group : groups.values()) {
            for (RunResult r : group) {
                Result<?> primary = r.getPrimaryResult();
                double median = primary.getStatistics().getPercentile(50);
                double mean = primary.getScore();
                double error = primary.getScoreError();
                double bytes = sizeOf(r);
                out.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %s ± %s | %s | %s ± %s | %s | %s |%n",
                        className(r) + "." + methodName(r),
                        params(r),
                        num(median),
                        num(mean),
                        num(error),
                        bytes > 0 ? gb(median * bytes) : "",
                        bytes > 0 ? gb(mean * bytes) : "",
                        bytes > 0 ? gb(error * bytes) : "",
                        alloc(r),
                        ratios(r, group)));
            }
        }
        return out.toString();
    }

    private static String ratios(RunResult r, List<RunResult> group) {
        if (methodName(r).startsWith("baseline")) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        double median = r.getPrimaryResult().getStatistics().getPercentile(50);
        for (RunResult b : group) {
            if (methodName(b).startsWith("baseline")) {
                double base = b.getPrimaryResult().getStatistics().getPercentile(50);
                s.append(s.length() == 0 ? "" : ", ")
                        .append(String.format(Locale.ROOT, "%.2f× %s", median / base, methodName(b)));
            }
        }
        return s.toString();
    }

    private static String alloc(RunResult r) {
        Result<?> norm = r.getSecondaryResults().get("gc.alloc.rate.norm");
        return norm == null ? "" : String.format(Locale.ROOT, "%.1f", norm.getScore());
    }

    private static double sizeOf(RunResult r) {
        String size = r.getParams().getParam("size");
        return size == null ? 0 : Double.parseDouble(size);
    }

    private static String params(RunResult r) {
        BenchmarkParams p = r.getParams();
        StringBuilder s = new StringBuilder();
        for (String key : p.getParamsKeys()) {
            s.append(s.length() == 0 ? "" : " ").append(key).append('=').append(p.getParam(key));
        }
        return s.toString();
    }

    private static String className(RunResult r) {
        String name = r.getParams().getBenchmark();
        String cls = name.substring(0, name.lastIndexOf('.'));
        return cls.substring(cls.lastIndexOf('.') + 1);
    }

    private static String methodName(RunResult r) {
        String name = r.getParams().getBenchmark();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static String gb(double bytesPerSecond) {
        return String.format(Locale.ROOT, "%.2f", bytesPerSecond / 1e9);
    }

    /** Short form with k and M suffixes, as a README table wants. */
    private static String num(double v) {
        if (v >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        }
        if (v >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", v / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
