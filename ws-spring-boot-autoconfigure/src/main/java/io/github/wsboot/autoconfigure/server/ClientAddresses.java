package io.github.wsboot.autoconfigure.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;

/**
 * Which client a handshake comes from, for the per-address limits: the connection's remote address, unless
 * that address is a trusted proxy ({@code ws.server.limits.trusted-proxies}): then the nearest address in
 * {@code Forwarded} ({@code for=}) or {@code X-Forwarded-For} that is not itself a trusted proxy. With no
 * trusted proxies (the default) the headers are ignored, so a client cannot pick its own address.
 *
 * @since 0.1.0
 */
public final class ClientAddresses {

    private final List<Range> trusted;

    /**
     * @param trustedProxies IP addresses or CIDR ranges ({@code 10.0.0.0/8}, {@code ::1}) of the proxies whose
     *                       forwarding headers are believed
     * @throws IllegalArgumentException when an entry is not an IP address or CIDR range
     */
    public ClientAddresses(List<String> trustedProxies) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : trustedProxies) {
            ranges.add(Range.parse(entry.trim()));
        }
        this.trusted = List.copyOf(ranges);
    }

    /** The client's address for {@code request}. */
    public String of(HttpServletRequest request) {
        String remote = request.getRemoteAddr();
        if (trusted.isEmpty() || !isTrusted(remote)) {
            return remote;
        }
        List<String> hops = forwardedFor(request);
        for (int i = hops.size() - 1; i >= 0; i--) { // the nearest hop is the last one
            String hop = hops.get(i);
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return hops.isEmpty() ? remote : hops.get(0);
    }

    private boolean isTrusted(@Nullable String address) {
        InetAddress ip = Range.literal(address);
        return ip != null && trusted.stream().anyMatch(r -> r.contains(ip));
    }

    /** The {@code for} addresses of {@code Forwarded} (RFC 7239), else of {@code X-Forwarded-For}, in order. */
    private static List<String> forwardedFor(HttpServletRequest request) {
        List<String> hops = new ArrayList<>();
        for (String header : Collections.list(request.getHeaders("Forwarded"))) {
            for (String element : header.split(",")) {
                for (String pair : element.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase("for")) {
                        hops.add(node(pair.substring(eq + 1).trim()));
                    }
                }
            }
        }
        if (!hops.isEmpty()) {
            return hops;
        }
        for (String header : Collections.list(request.getHeaders("X-Forwarded-For"))) {
            for (String hop : header.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.trim());
                }
            }
        }
        return hops;
    }

    /** A {@code Forwarded} node without quotes, brackets and port: {@code "[2001:db8::1]:4711"} is {@code 2001:db8::1}. */
    private static String node(String value) {
        String v = value.startsWith("\"") && value.endsWith("\"") && value.length() > 1
                ? value.substring(1, value.length() - 1)
                : value;
        if (v.startsWith("[")) {
            int end = v.indexOf(']');
            return end > 0 ? v.substring(1, end) : v;
        }
        int colon = v.indexOf(':');
        return colon > 0 && v.indexOf(':', colon + 1) < 0 ? v.substring(0, colon) : v;
    }

    /** An IP address range: an address and how many leading bits must match. */
    private record Range(byte[] network, int bits) {

        static Range parse(String entry) {
            int slash = entry.indexOf('/');
            InetAddress ip = literal(slash < 0 ? entry : entry.substring(0, slash));
            if (ip == null) {
                throw new IllegalArgumentException("not an IP address or CIDR range: '" + entry + "'");
            }
            int max = ip.getAddress().length * 8;
            int bits;
            try {
                bits = slash < 0 ? max : Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a CIDR range: '" + entry + "'");
            }
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException("prefix length out of range in '" + entry + "'");
            }
            return new Range(ip.getAddress(), bits);
        }

        boolean contains(InetAddress ip) {
            byte[] a = ip.getAddress();
            if (a.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((a[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        /** The address of an IP literal, or null for anything else (never a DNS lookup). */
        static @Nullable InetAddress literal(@Nullable String s) {
            if (s == null
                    || s.isEmpty()
                    || !(Character.digit(s.charAt(0), 16) >= 0 || s.charAt(0) == ':')
                    || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
                return null;
            }
            try {
                return InetAddress.getByName(s);
            } catch (UnknownHostException e) {
                return null;
            }
        }
    }
}
