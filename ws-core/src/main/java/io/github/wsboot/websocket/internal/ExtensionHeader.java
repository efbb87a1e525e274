package io.github.wsboot.websocket.internal;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Parses {@code Sec-WebSocket-Extensions} header values (RFC 6455 section 9.1): a comma-separated list of
 * extensions, each a token followed by {@code ;}-separated parameters whose values are tokens or quoted
 * strings. An extension whose syntax is broken is kept with {@link Extension#malformed()} set, so that a server
 * can decline just that offer.
 */
public final class ExtensionHeader {

    /** One parameter; {@code value} is null when the parameter has none. */
    public record Param(String name, @Nullable String value) {}

    /** One extension offer or response. */
    public record Extension(String name, List<Param> params, boolean malformed) {}

    private ExtensionHeader() {}

    /** Parses every header value, in order. */
    public static List<Extension> parse(List<String> headerValues) {
        List<Extension> result = new ArrayList<>();
        for (String value : headerValues) {
            for (String element : split(value, ',')) {
                if (!element.isBlank()) {
                    result.add(parseExtension(element));
                }
            }
        }
        return result;
    }

    private static Extension parseExtension(String element) {
        List<String> parts = split(element, ';');
        String name = parts.get(0).trim();
        boolean malformed = !isToken(name);
        List<Param> params = new ArrayList<>();
        for (int i = 1; i < parts.size(); i++) {
            String part = parts.get(i).trim();
            int eq = part.indexOf('=');
            String pname = (eq < 0 ? part : part.substring(0, eq)).trim();
            String pvalue = null;
            if (eq >= 0) {
                pvalue = part.substring(eq + 1).trim();
                if (pvalue.length() >= 2 && pvalue.startsWith("\"") && pvalue.endsWith("\"")) {
                    pvalue = unquote(pvalue.substring(1, pvalue.length() - 1));
                    if (pvalue == null) {
                        malformed = true;
                        continue;
                    }
                }
                if (!isToken(pvalue)) {
                    malformed = true;
                }
            }
            if (!isToken(pname)) {
                malformed = true;
            }
            params.add(new Param(pname, pvalue));
        }
        return new Extension(name, List.copyOf(params), malformed);
    }

    /** Splits on {@code sep} outside quoted strings. Unbalanced quotes leave the rest as one piece. */
    private static List<String> split(String s, char sep) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\' && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == sep && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static @Nullable String unquote(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                if (++i == s.length()) {
                    return null;
                }
                c = s.charAt(i);
            } else if (c == '"') {
                return null;
            }
            out.append(c);
        }
        return out.toString();
    }

    /** RFC 7230 token: one or more visible ASCII characters other than separators. */
    static boolean isToken(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
