package io.github.wsboot.websocket.internal;

/**
 * Case folding of ASCII letters only, for protocol tokens, header names and hosts, as gorilla's
 * {@code equalASCIIFold}. {@link String#equalsIgnoreCase} folds Unicode too: the Kelvin sign equals "k" and
 * the long s "s", and {@code "öyster"} equals {@code "Öyster"}, which lets a host or token that only looks
 * like another one pass a check.
 */
public final class AsciiCase {

    private AsciiCase() {}

    /** Whether {@code a} and {@code b} are equal when ASCII letters are compared without case; other chars exactly. */
    public static boolean equalsIgnoreCase(String a, String b) {
        if (a == null || b == null) {
            return a == null && b == null;
        }
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            if (lower(a.charAt(i)) != lower(b.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code s} with its ASCII capitals lowered; other chars unchanged. */
    public static String toLowerCase(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char l = lower(c);
            if (l != c && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null) {
                out.append(l);
            }
        }
        return out == null ? s : out.toString();
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
