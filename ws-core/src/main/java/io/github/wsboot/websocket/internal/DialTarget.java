package io.github.wsboot.websocket.internal;

import java.net.IDN;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Where a client connects and what it asks for, taken from a {@code ws}, {@code wss}, {@code http} or
 * {@code https} URL (gorilla's URL handling in {@code DialContext} and {@code hostPortNoPort}). Immutable.
 */
public final class DialTarget {

    private final boolean secure;
    private final String host;
    private final int port;
    private final String hostHeader;
    private final String requestTarget;
    private final String authorization;
    private final URI httpUri;

    private DialTarget(boolean secure, String host, int port, String hostHeader, String requestTarget,
                       String authorization) {
        this.secure = secure;
        this.host = host;
        this.port = port;
        this.hostHeader = hostHeader;
        this.requestTarget = requestTarget;
        this.authorization = authorization;
        this.httpUri = URI.create((secure ? "https://" : "http://") + hostHeader + requestTarget);
    }

    /**
     * Parses {@code url}. The authority is split by hand rather than by {@link URI#getHost()}, which gives
     * null for names with an underscore (common for container hosts); non-ASCII host names are converted
     * with IDNA, and a non-ASCII path or query is percent-encoded as UTF-8.
     *
     * @throws MalformedURLException for another scheme, a missing host or an invalid port
     */
    public static DialTarget of(URI url) throws MalformedURLException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        boolean secure;
        switch (scheme) {
            case "ws", "http" -> secure = false;
            case "wss", "https" -> secure = true;
            default -> throw malformed(url, "the scheme must be ws, wss, http or https");
        }
        int defaultPort = secure ? 443 : 80;
        String authority = url.getRawAuthority();
        if (url.isOpaque() || authority == null || authority.isEmpty()) {
            throw malformed(url, "no host");
        }

        String userInfo = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
        }
        String hostPart;
        String portPart = "";
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw malformed(url, "unterminated IPv6 address");
            }
            hostPart = authority.substring(0, close + 1);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (after.charAt(0) != ':') {
                    throw malformed(url, "unexpected characters after the IPv6 address");
                }
                portPart = after.substring(1);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            hostPart = colon >= 0 ? authority.substring(0, colon) : authority;
            portPart = colon >= 0 ? authority.substring(colon + 1) : "";
        }
        if (hostPart.isEmpty() || hostPart.equals("[]")) {
            throw malformed(url, "no host");
        }
        if (!hostPart.startsWith("[")) {
            hostPart = asciiHost(url, decode(url, hostPart));
        }
        int port = defaultPort;
        if (!portPart.isEmpty()) {
            port = parsePort(url, portPart);
        }
        String host = hostPart.startsWith("[") ? decode(url, hostPart.substring(1, hostPart.length() - 1)) : hostPart;
        String hostHeader = port == defaultPort ? hostPart : hostPart + ":" + port;

        // toASCIIString percent-encodes any non-ASCII character of the path and query as UTF-8.
        URI ascii = URI.create(url.toASCIIString());
        String path = ascii.getRawPath();
        String requestTarget = (path == null || path.isEmpty() ? "/" : path)
                + (ascii.getRawQuery() != null ? "?" + ascii.getRawQuery() : "");

        String authorization = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String user = decode(url, colon >= 0 ? userInfo.substring(0, colon) : userInfo);
            String password = colon >= 0 ? decode(url, userInfo.substring(colon + 1)) : "";
            authorization = "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
        return new DialTarget(secure, host, port, hostHeader, requestTarget, authorization);
    }

    /** Whether TLS is used (wss or https). */
    public boolean secure() {
        return secure;
    }

    /** The host to connect to: a name, or an IP literal without brackets. */
    public String host() {
        return host;
    }

    /** The port to connect to, the scheme's default when the URL has none. */
    public int port() {
        return port;
    }

    /** The {@code Host} header: the host (IPv6 in brackets), with the port unless it is the default. */
    public String hostHeader() {
        return hostHeader;
    }

    /** The request target: path (at least "/") and query. */
    public String requestTarget() {
        return requestTarget;
    }

    /** {@code Basic} credentials from the URL's user information, or null when it has none. */
    public String authorization() {
        return authorization;
    }

    /** The same resource as an http or https URI without user information: what cookie jars and proxy selectors expect. */
    public URI httpUri() {
        return httpUri;
    }

    /** Whether {@link #host()} is an IPv4 or IPv6 literal (TLS then sends no server name indication). */
    public boolean hostIsIpLiteral() {
        return isIpLiteral(host);
    }

    /** Whether {@code host} (without brackets) is an IPv6 literal or a dotted-quad IPv4 literal. */
    public static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static String asciiHost(URI url, String host) throws MalformedURLException {
        if (host.chars().allMatch(c -> c < 0x80)) {
            return host;
        }
        try {
            return IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            throw malformed(url, "invalid internationalized host name");
        }
    }

    private static int parsePort(URI url, String port) throws MalformedURLException {
        if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw malformed(url, "invalid port \"" + port + "\"");
        }
        int p = Integer.parseInt(port);
        if (p < 1 || p > 65535) {
            throw malformed(url, "port out of range: " + p);
        }
        return p;
    }

    private static String decode(URI url, String s) throws MalformedURLException {
        if (s.indexOf('%') < 0) {
            return s;
        }
        try {
            // URLDecoder turns '+' into a space, which is form encoding, not URI encoding.
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed(url, "invalid percent-encoding");
        }
    }

    private static MalformedURLException malformed(URI url, String why) {
        // Never repeat a password from the user information in an error message.
        String shown = url.toString();
        String authority = url.getRawAuthority();
        int at = authority == null ? -1 : authority.lastIndexOf('@');
        if (at >= 0) {
            shown = shown.replace(authority, "***" + authority.substring(at));
        }
        return new MalformedURLException("websocket: malformed ws or wss URL (" + why + "): " + shown);
    }

    @Override
    public String toString() {
        return (secure ? "wss://" : "ws://") + hostHeader + requestTarget;
    }
}
