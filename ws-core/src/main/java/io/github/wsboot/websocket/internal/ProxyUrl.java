package io.github.wsboot.websocket.internal;

import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A proxy chosen for a dial: {@code http://}, {@code https://}, {@code socks5://} or {@code socks5h://}, with
 * optional credentials in the user information (percent-decoded as UTF-8). Ports default as in gorilla and
 * Go's {@code x/net/proxy}: 80 for http, 443 for https, 1080 for SOCKS. The path and query are ignored. Immutable.
 *
 * <p>{@link #toString()} and every message show the proxy without its credentials.
 */
public final class ProxyUrl {

    private static final String WHAT = "proxy";

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
    private final @Nullable String username;
    private final @Nullable String password;

    private ProxyUrl(
            Kind kind, String scheme, String host, int port, @Nullable String username, @Nullable String password) {
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
            default ->
                throw UrlAuthority.malformed(
                        url,
                        WHAT,
                        "unsupported proxy scheme \"" + scheme + "\"; http, https, socks5 and socks5h are supported");
        }
        UrlAuthority authority = UrlAuthority.parse(url, WHAT);
        int port = authority.port() < 0 ? defaultPort : authority.port();
        String username = authority.user(url, WHAT);
        String password = username == null ? null : authority.password(url, WHAT);
        String host = authority.host();
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
    public @Nullable String username() {
        return username;
    }

    /** The password: empty when the user information has none, null without credentials. */
    public @Nullable String password() {
        return password;
    }

    /** {@code Basic} credentials for {@code Proxy-Authorization}, or null without credentials. */
    public @Nullable String basicAuthorization() {
        if (username == null) {
            return null;
        }
        return "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The proxy as a URI without credentials, for messages and exceptions. */
    public URI redacted() {
        return URI.create(toString());
    }

    /** {@code host:port}, an IPv6 host in brackets: the form of a CONNECT request target. */
    public static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** {@code url} as text with any user information replaced by "***". */
    public static String withoutUserInfo(URI url) {
        return UrlAuthority.withoutUserInfo(url);
    }

    @Override
    public String toString() {
        return scheme + "://" + hostPort(host, port);
    }
}
