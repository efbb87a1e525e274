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
import java.util.TreeMap;

/**
 * Turns run-matrix.sh's results.tsv (run, server, cell, metric, value[, client]) into Markdown: per figure, the
 * median over runs with the spread ((max - min) / median), then the same medians as ratios to gorilla and to
 * Spring/Tomcat. Usage: {@code MatrixReport results.tsv...}: several files (passes of the same JDK) are pooled,
 * each row one more run of its server and cell.
 *
 * <p>The sixth column names the load client ({@code java}, {@code go}); rows without it (results of the
 * single-client script) are the Java client's. With one client the tables are as before. With several, each
 * figure shows every client's median and spread per server, then a {@code worse} row: the least favourable
 * client's median for that server (lower rate, higher CPU per operation, higher latency, higher memory) and
 * which client that was. The ratios compare these worse-of-the-clients medians, so no server's figure rests on
 * one client's I/O model flattering it.
 */
public final class MatrixReport {

    static final String GORILLA = "gorilla";
    static final String SPRING = "spring-tomcat";
    static final String DEFAULT_CLIENT = "java";

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
            new String[] {"broadcast", "server_cpu_us_per_msg", "broadcast server CPU µs per delivery", "lower"},
            new String[] {"echo", "client_cpu_pct", "load client CPU % of its core (echo)", "lower"},
            new String[] {"broadcast", "client_cpu_pct", "load client CPU % of its core (broadcast)", "lower"},
            new String[] {"echo", "server_cpu_pct", "server CPU % of its core (echo)", "lower"});

    private MatrixReport() {}

    public static void main(String[] args) throws IOException {
        List<String> header = new ArrayList<>();
        // cell|metric -> server -> client -> runs
        Map<String, Map<String, Map<String, List<Double>>>> values = new LinkedHashMap<>();
        Set<String> servers = new LinkedHashSet<>();
        Set<String> clients = new LinkedHashSet<>();
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
            if (f.length != 5 && f.length != 6) {
                continue;
            }
            String client = f.length == 6 ? f[5] : DEFAULT_CLIENT;
            try {
                double v = Double.parseDouble(f[4]);
                servers.add(f[1]);
                clients.add(client);
                values.computeIfAbsent(f[2] + "|" + f[3], k -> new LinkedHashMap<>())
                        .computeIfAbsent(f[1], k -> new LinkedHashMap<>())
                        .computeIfAbsent(client, k -> new ArrayList<>())
                        .add(v);
            } catch (NumberFormatException e) {
                // type=text and such
            }
        }
        StringBuilder out = new StringBuilder();
        header.forEach(h -> out.append("- ").append(h).append('\n'));
        out.append("- cells: median over runs; [spread] = (max − min) / median (no bracket: a single run);"
                + " ratios compare medians\n");
        if (clients.size() > 1) {
            out.append("- load clients: ")
                    .append(String.join(", ", clients))
                    .append("; `worse` = the least favourable client's median for that server (named); the ratios"
                            + " compare these worse-of-the-clients medians\n");
        }
        Map<String, Integer> worseCount = new TreeMap<>();
        for (String[] fig : FIGURES) {
            List<String> keys = values.keySet().stream()
                    .filter(k -> k.startsWith(fig[0]) && k.endsWith("|" + fig[1]))
                    .toList();
            if (keys.isEmpty()) {
                continue;
            }
            boolean lowerBetter = fig[3].equals("lower");
            boolean diagnostic = fig[1].endsWith("_pct");
            out.append("\n### ").append(fig[2]).append(" (").append(fig[3]).append(" is better)\n\n");
            table(out, values, keys, servers, clients, !diagnostic, lowerBetter, worseCount);
            if (!diagnostic) {
                if (servers.contains(GORILLA)) {
                    out.append("\nratio to gorilla:\n\n");
                    ratios(out, values, keys, servers, lowerBetter, GORILLA, clients.size() > 1);
                }
                if (servers.contains(SPRING)) {
                    out.append("\nratio to Spring/Tomcat:\n\n");
                    ratios(out, values, keys, servers, lowerBetter, SPRING, clients.size() > 1);
                }
            }
        }
        if (clients.size() > 1 && !worseCount.isEmpty()) {
            out.append("\nworse client, over all cells and servers of the figures above: ");
            List<String> parts = new ArrayList<>();
            worseCount.forEach((c, n) -> parts.add(c + " " + n));
            out.append(String.join(", ", parts)).append('\n');
        }
        System.out.print(out);
    }

    /** Medians with spread: one row per cell and client, then (several clients) the cell's worse row. */
    private static void table(
            StringBuilder out,
            Map<String, Map<String, Map<String, List<Double>>>> values,
            List<String> keys,
            Set<String> servers,
            Set<String> clients,
            boolean showWorse,
            boolean lowerBetter,
            Map<String, Integer> worseCount) {
        boolean several = clients.size() > 1;
        out.append(several ? "| cell | client |" : "| cell |");
        servers.forEach(s -> out.append(' ').append(s).append(" |"));
        out.append(several ? "\n|---|---|" : "\n|---|");
        servers.forEach(s -> out.append("---:|"));
        out.append('\n');
        for (String key : keys) {
            Map<String, Map<String, List<Double>>> row = values.get(key);
            String cell = key.substring(0, key.indexOf('|'));
            boolean first = true;
            for (String client : clients) {
                if (row.values().stream().noneMatch(byClient -> byClient.containsKey(client))) {
                    continue;
                }
                out.append("| ").append(first ? cell : "").append(" |");
                first = false;
                if (several) {
                    out.append(' ').append(client).append(" |");
                }
                for (String s : servers) {
                    List<Double> runs = row.getOrDefault(s, Map.of()).get(client);
                    out.append(' ')
                            .append(runs == null || runs.isEmpty() ? "–" : withSpread(runs))
                            .append(" |");
                }
                out.append('\n');
            }
            if (several && showWorse) {
                out.append("| | **worse** |");
                for (String s : servers) {
                    Worse w = worse(row.get(s), lowerBetter);
                    if (w == null) {
                        out.append(" – |");
                    } else {
                        out.append(' ').append(withSpread(w.runs));
                        if (w.of > 1) {
                            out.append(' ').append(w.client);
                            worseCount.merge(w.client, 1, Integer::sum);
                        }
                        out.append(" |");
                    }
                }
                out.append('\n');
            }
        }
    }

    /** Ratios of each server's (worse-of-the-clients) median to the base server's. */
    private static void ratios(
            StringBuilder out,
            Map<String, Map<String, Map<String, List<Double>>>> values,
            List<String> keys,
            Set<String> servers,
            boolean lowerBetter,
            String base,
            boolean several) {
        out.append("| cell |");
        servers.forEach(s -> out.append(' ').append(s).append(" |"));
        out.append("\n|---|");
        servers.forEach(s -> out.append("---:|"));
        out.append('\n');
        for (String key : keys) {
            Map<String, Map<String, List<Double>>> row = values.get(key);
            out.append("| ").append(key, 0, key.indexOf('|')).append(" |");
            Worse b = worse(row.get(base), lowerBetter);
            for (String s : servers) {
                Worse w = worse(row.get(s), lowerBetter);
                out.append(' ');
                if (w == null || b == null || b.median == 0) {
                    out.append('–');
                } else {
                    out.append(String.format("%.2f×", w.median / b.median));
                    if (several && w.of > 1) {
                        out.append(" (").append(w.client).append(')');
                    }
                }
                out.append(" |");
            }
            out.append('\n');
        }
    }

    /** The least favourable client's median, which client, of how many clients, and its runs. */
    record Worse(double median, String client, int of, List<Double> runs) {}

    static Worse worse(Map<String, List<Double>> byClient, boolean lowerBetter) {
        if (byClient == null) {
            return null;
        }
        Worse w = null;
        int of = 0;
        for (Map.Entry<String, List<Double>> e : byClient.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            of++;
            double m = median(e.getValue());
            if (w == null || (lowerBetter ? m > w.median : m < w.median)) {
                w = new Worse(m, e.getKey(), 0, e.getValue());
            }
        }
        return w == null ? null : new Worse(w.median, w.client, of, w.runs);
    }

    private static String withSpread(List<Double> runs) {
        double m = median(runs);
        String s = number(m);
        if (runs.size() > 1 && m != 0) {
            s += String.format(" [%.0f%%]", 100 * (max(runs) - min(runs)) / Math.abs(m));
        }
        return s;
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
