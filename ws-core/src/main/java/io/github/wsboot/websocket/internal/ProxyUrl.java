package io.github.wsboot.websocket.internal;

import java.net.IDN;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * A proxy chosen for a dial: {@code http://}, {@code https://}, {@code socks5://} or {@code socks5h://}, with
 * optional credentials in the user information (percent-decoded as UTF-8). Ports default as in gorilla and
 * Go's {@code x/net/proxy}: 80 for http, 443 for https, 1080 for SOCKS. The path and query are ignored. Immutable.
 *
 * <p>{@link #toString()} and every message show the proxy without its credentials.
 */
public final class ProxyUrl {

    /** How the dialer speaks to the proxy. */
    public enum Kind {
        /** HTTP CONNECT over TCP. */
        HTTP,
        /** HTTP CONNECT over TLS to the proxy. */
        HTTPS,
        /** SOCKS version 5; host names are always resolved by the proxy. */
        SOCKS5
    }

    private final Kind kind;
    private final String scheme;
    private final String host;
    private final int port;
    private final String username;
    private final String password;

    private ProxyUrl(Kind kind, String scheme, String host, int port, String username, String password) {
        this.kind = kind;
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
    }

    /**
     * Parses a proxy URL.
     *
     * @throws MalformedURLException for another scheme, a missing host or an invalid port; the message never
     *                               repeats the credentials
     */
    public static ProxyUrl of(URI url) throws MalformedURLException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        Kind kind;
        int defaultPort;
        switch (scheme) {
            case "http" -> {
                kind = Kind.HTTP;
                defaultPort = 80;
            }
            case "https" -> {
                kind = Kind.HTTPS;
                defaultPort = 443;
            }
            case "socks5", "socks5h" -> {
                kind = Kind.SOCKS5;
                defaultPort = 1080;
            }
            default -> throw malformed(url, "unsupported proxy scheme \"" + scheme
                    + "\"; http, https, socks5 and socks5h are supported");
        }
        String authority = url.getRawAuthority();
        if (url.isOpaque() || authority == null || authority.isEmpty()) {
            throw malformed(url, "no host");
        }
        String username = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            username = decode(url, colon >= 0 ? userInfo.substring(0, colon) : userInfo);
            password = colon >= 0 ? decode(url, userInfo.substring(colon + 1)) : "";
        }
        String host;
        String portPart = "";
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw malformed(url, "unterminated IPv6 address");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (after.charAt(0) != ':') {
                    throw malformed(url, "unexpected characters after the IPv6 address");
                }
                portPart = after.substring(1);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            host = decode(url, colon >= 0 ? authority.substring(0, colon) : authority);
            portPart = colon >= 0 ? authority.substring(colon + 1) : "";
            if (!host.chars().allMatch(c -> c < 0x80)) {
                try {
                    host = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED);
                } catch (IllegalArgumentException e) {
                    throw malformed(url, "invalid internationalized host name");
                }
            }
        }
        if (host.isEmpty()) {
            throw malformed(url, "no host");
        }
        int port = defaultPort;
        if (!portPart.isEmpty()) {
            if (portPart.length() > 5 || !portPart.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(portPart) < 1 || Integer.parseInt(portPart) > 65535) {
                throw malformed(url, "invalid port \"" + portPart + "\"");
            }
            port = Integer.parseInt(portPart);
        }
        return new ProxyUrl(kind, scheme, host, port, username, password);
    }

    public Kind kind() {
        return kind;
    }

    /** The scheme as given, lower-case: http, https, socks5 or socks5h. */
    public String scheme() {
        return scheme;
    }

    /** The proxy's host: a name, or an IP literal without brackets. */
    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** Whether the URL carries credentials (user information, even with an empty password). */
    public boolean hasCredentials() {
        return username != null;
    }

    /** The user name, or null without credentials. */
    public String username() {
        return username;
    }

    /** The password: empty when the user information has none, null without credentials. */
    public String password() {
        return password;
    }

    /** {@code Basic} credentials for {@code Proxy-Authorization}, or null without credentials. */
    public String basicAuthorization() {
        if (username == null) {
            return null;
        }
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The proxy as a URI without credentials, for messages and exceptions. */
    public URI redacted() {
        return URI.create(toString());
    }

    /** {@code host:port}, an IPv6 host in brackets: the form of a CONNECT request target. */
    public static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static String decode(URI url, String s) throws MalformedURLException {
        if (s.indexOf('%') < 0) {
            return s;
        }
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw malformed(url, "invalid percent-encoding");
        }
    }

    private static MalformedURLException malformed(URI url, String why) {
        return new MalformedURLException("websocket: malformed proxy URL (" + why + "): " + withoutUserInfo(url));
    }

    /** {@code url} as text with any user information replaced by "***". */
    public static String withoutUserInfo(URI url) {
        String shown = url.toString();
        String authority = url.getRawAuthority();
        int at = authority == null ? -1 : authority.lastIndexOf('@');
        if (at >= 0) {
            shown = shown.replace(authority, "***" + authority.substring(at));
        }
        return shown;
    }

    @Override
    public String toString() {
        return scheme + "://" + hostPort(host, port);
    }
}
