package io.github.wsboot.websocket.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code Sec-WebSocket-Extensions} parsed the way Autobahn parses it ({@code _parseExtensionsHeader}): split on
 * commas, then on semicolons, each parameter {@code name[=value]} with surrounding quotes removed. Written
 * apart from the library's own parser, which is under test.
 */
final class ExtensionParams {

    /**
     * One extension with its parameters; a parameter without a value maps to a null entry, and a parameter
     * given twice has two entries (Autobahn rejects that when it interprets the offer).
     */
    record Extension(String name, Map<String, List<String>> params) {}

    private ExtensionParams() {}

    static List<Extension> parse(String header) {
        List<Extension> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        for (String element : header.split(",")) {
            if (element.isBlank()) {
                continue;
            }
            String[] parts = element.split(";");
            Map<String, List<String>> params = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                int eq = p.indexOf('=');
                String key = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                String value = eq < 0 ? null : unquote(p.substring(eq + 1).trim());
                params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
            out.add(new Extension(parts[0].trim().toLowerCase(Locale.ROOT), params));
        }
        return out;
    }

    private static String unquote(String v) {
        String s = v.startsWith("\"") ? v.substring(1) : v;
        return s.endsWith("\"") ? s.substring(0, s.length() - 1) : s;
    }
}
