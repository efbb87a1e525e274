package io.github.wsboot.websocket.internal;

import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Where a client connects and what it asks for, taken from a {@code ws}, {@code wss}, {@code http} or
 * {@code https} URL (gorilla's URL handling in {@code DialContext} and {@code hostPortNoPort}). Immutable.
 */
public final class DialTarget {

    private static final String WHAT = "ws or wss";

    private final boolean secure;
    private final String host;
    private final int port;
    private final String hostHeader;
    private final String requestTarget;
    private final @Nullable String authorization;
    private final URI httpUri;

    private DialTarget(
            boolean secure,
            String host,
            int port,
            String hostHeader,
            String requestTarget,
            @Nullable String authorization) {
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
            default -> throw UrlAuthority.malformed(url, WHAT, "the scheme must be ws, wss, http or https");
        }
        int defaultPort = secure ? 443 : 80;
        UrlAuthority authority = UrlAuthority.parse(url, WHAT);
        String host = authority.host();
        int port = authority.port() < 0 ? defaultPort : authority.port();
        String hostHeader = port == defaultPort ? authority.hostForHeader() : authority.hostForHeader() + ":" + port;

        // toASCIIString percent-encodes any non-ASCII character of the path and query as UTF-8.
        URI ascii = URI.create(url.toASCIIString());
        String path = ascii.getRawPath();
        String requestTarget = (path == null || path.isEmpty() ? "/" : path)
                + (ascii.getRawQuery() != null ? "?" + ascii.getRawQuery() : "");

        String authorization = null;
        String user = authority.user(url, WHAT);
        if (user != null) {
            String credentials = user + ":" + authority.password(url, WHAT);
            authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
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
    public @Nullable String authorization() {
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
            if (p.isEmpty()
                    || p.length() > 3
                    || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return (secure ? "wss://" : "ws://") + hostHeader + requestTarget;
    }
}
