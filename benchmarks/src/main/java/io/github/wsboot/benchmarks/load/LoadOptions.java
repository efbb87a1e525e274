package io.github.wsboot.benchmarks.load;

import java.util.HashMap;
import java.util.Map;

/**
 * The load client's command line, {@code --name value} pairs. Every option has a default; an unknown option
 * or a malformed number fails with a message naming it.
 */
final class LoadOptions {

    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("mode", "echo"),
            Map.entry("host", "127.0.0.1"),
            Map.entry("port", "8080"),
            Map.entry("path", ""),
            Map.entry("conns", "1"),
            Map.entry("size", "32"),
            Map.entry("type", "text"),
            Map.entry("depth", "1"),
            Map.entry("warmup", "3"),
            Map.entry("duration", "5"),
            Map.entry("concurrency", "100"),
            Map.entry("server-pid", "0"),
            Map.entry("clk-tck", "100"),
            Map.entry("hold-file", ""),
            Map.entry("hold-timeout", "600"));

    private final Map<String, String> values = new HashMap<>(DEFAULTS);

    LoadOptions(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || !DEFAULTS.containsKey(a.substring(2)) || i + 1 == args.length) {
                throw new IllegalArgumentException(
                        "unknown option or missing value: " + a + " (options: " + DEFAULTS.keySet() + ")");
            }
            values.put(a.substring(2), args[++i]);
        }
    }

    String string(String name) {
        return values.get(name);
    }

    int integer(String name) {
        try {
            return Integer.parseInt(values.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer: " + values.get(name));
        }
    }

    double seconds(String name) {
        try {
            return Double.parseDouble(values.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number of seconds: " + values.get(name));
        }
    }
}
