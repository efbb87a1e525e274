package io.github.wsboot.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns run-matrix.sh's results.tsv (run, server, cell, metric, value) into Markdown: per figure, the median
 * over runs with the spread ((max - min) / median), then the same medians as ratios to gorilla and to
 * Spring/Tomcat. Usage: {@code MatrixReport results.tsv...}: several files (passes of the same JDK) are pooled,
 * each row one more run of its server and cell.
 */
public final class MatrixReport {

    static final String GORILLA = "gorilla";
    static final String SPRING = "spring-tomcat";

    /** The figures shown, in order: metric name, heading, whether lower is better. */
    private static final List<String[]> FIGURES = List.of(
            new String[] {"echo", "rate", "echo messages/s", "higher"},
            new String[] {"echo", "server_cpu_us_per_msg", "echo server CPU µs per message", "lower"},
            new String[] {"echo", "p99_us", "echo p99 latency µs", "lower"},
            new String[] {"idle", "heap_per_conn", "idle: heap bytes per connection (after full GC)", "lower"},
            new String[] {"idle", "rss_per_conn", "idle: RSS bytes per connection", "lower"},
            new String[] {"idle", "rate", "idle: handshakes/s", "higher"},
            new String[] {"idle", "server_cpu_us_per_handshake", "idle: server CPU µs per handshake", "lower"},
            new String[] {"idle", "threads", "idle: live OS threads in the server", "lower"},
            new String[] {"broadcast", "rate", "broadcast deliveries/s", "higher"},
            new String[] {"broadcast", "p99_us", "broadcast p99 time to last delivery µs", "lower"},
            new String[] {"echo", "client_cpu_pct", "load client CPU % of its core (echo)", "lower"},
            new String[] {"broadcast", "client_cpu_pct", "load client CPU % of its core (broadcast)", "lower"},
            new String[] {"echo", "server_cpu_pct", "server CPU % of its core (echo)", "lower"});

    private MatrixReport() {}

    public static void main(String[] args) throws IOException {
        List<String> header = new ArrayList<>();
        Map<String, Map<String, List<Double>>> values = new LinkedHashMap<>(); // cell|metric -> server -> runs
        Set<String> servers = new LinkedHashSet<>();
        List<String> lines = new ArrayList<>();
        for (String file : args) {
            lines.addAll(Files.readAllLines(Path.of(file)));
        }
        for (String line : lines) {
            if (line.startsWith("#")) {
                header.add(line.substring(1).trim());
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 5) {
                continue;
            }
            try {
                double v = Double.parseDouble(f[4]);
                servers.add(f[1]);
                values.computeIfAbsent(f[2] + "|" + f[3], k -> new LinkedHashMap<>())
                        .computeIfAbsent(f[1], k -> new ArrayList<>())
                        .add(v);
            } catch (NumberFormatException e) {
                // type=text and such
            }
        }
        StringBuilder out = new StringBuilder();
        header.forEach(h -> out.append("- ").append(h).append('\n'));
        out.append("- cells: median over runs; [spread] = (max − min) / median; ratios compare medians\n");
        for (String[] fig : FIGURES) {
            List<String> keys = values.keySet().stream()
                    .filter(k -> k.startsWith(fig[0]) && k.endsWith("|" + fig[1]))
                    .toList();
            if (keys.isEmpty()) {
                continue;
            }
            out.append("\n### ").append(fig[2]).append(" (").append(fig[3]).append(" is better)\n\n");
            table(out, values, keys, servers, null);
            if (!fig[1].endsWith("_pct")) {
                if (servers.contains(GORILLA)) {
                    out.append("\nratio to gorilla:\n\n");
                    table(out, values, keys, servers, GORILLA);
                }
                if (servers.contains(SPRING)) {
                    out.append("\nratio to Spring/Tomcat:\n\n");
                    table(out, values, keys, servers, SPRING);
                }
            }
        }
        System.out.print(out);
    }

    private static void table(
            StringBuilder out,
            Map<String, Map<String, List<Double>>> values,
            List<String> keys,
            Set<String> servers,
            String base) {
        out.append("| cell |");
        servers.forEach(s -> out.append(' ').append(s).append(" |"));
        out.append("\n|---|");
        servers.forEach(s -> out.append("---:|"));
        out.append('\n');
        for (String key : keys) {
            Map<String, List<Double>> row = values.get(key);
            out.append("| ").append(key, 0, key.indexOf('|')).append(" |");
            for (String s : servers) {
                List<Double> runs = row.get(s);
                out.append(' ');
                if (runs == null || runs.isEmpty()) {
                    out.append('–');
                } else if (base == null) {
                    double m = median(runs);
                    out.append(number(m));
                    if (runs.size() > 1 && m != 0) {
                        double spread = (max(runs) - min(runs)) / Math.abs(m);
                        out.append(String.format(" [%.0f%%]", 100 * spread));
                    }
                } else {
                    List<Double> b = row.get(base);
                    out.append(b == null || median(b) == 0 ? "–" : String.format("%.2f×", median(runs) / median(b)));
                }
                out.append(" |");
            }
            out.append('\n');
        }
    }

    static double median(List<Double> v) {
        List<Double> s = v.stream().sorted().toList();
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private static String number(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return String.format("%.2fM", v / 1e6);
        }
        if (a >= 1e4) {
            return String.format("%.1fk", v / 1e3);
        }
        if (a >= 100) {
            return String.format("%.0f", v);
        }
        return String.format("%.2f", v);
    }
}
