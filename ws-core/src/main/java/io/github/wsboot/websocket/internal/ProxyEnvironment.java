package io.github.wsboot.websocket.internal;

import java.io.IOException;
import java.net.IDN;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Proxy selection from {@code HTTP_PROXY}, {@code HTTPS_PROXY} and {@code NO_PROXY} (or their lower-case
 * forms), a line-by-line port of Go's {@code golang.org/x/net/http/httpproxy}, which is what
 * {@code net/http.ProxyFromEnvironment} (gorilla's {@code DefaultDialer.Proxy}) runs:
 *
 * <ul>
 *   <li>The upper-case variable wins when both are set and non-empty. {@code http://} and {@code ws://} URLs use
 *       {@code HTTP_PROXY}, {@code https://} and {@code wss://} use {@code HTTPS_PROXY}; there is no fallback
 *       from one to the other and {@code ALL_PROXY} is not read.</li>
 *   <li>A value without a scheme ({@code proxy:3128}) means {@code http://}; a value that does not parse even
 *       then is ignored (logged at WARNING), as Go ignores it.</li>
 *   <li>{@code localhost} and loopback addresses (127.0.0.0/8, ::1) are never proxied.</li>
 *   <li>{@code NO_PROXY} is a comma-separated list: {@code *} (nothing is proxied); an IP address
 *       ({@code 10.1.2.3}, {@code ::1}), optionally with a port ({@code 10.1.2.3:8080}, {@code [::1]:8080});
 *       an IP prefix in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}); a domain name, which matches itself
 *       and its subdomains ({@code example.com}), or only its subdomains with a leading dot or {@code *.}
 *       ({@code .example.com}), optionally with a port. Names compare case-insensitively, internationalized
 *       names in their ASCII form. An IP pattern matches only IP literals in URLs, and a name pattern only
 *       names: no lookups are made. Malformed entries are skipped.</li>
 *   <li>When {@code REQUEST_METHOD} is set (the process is a CGI script) {@code HTTP_PROXY} is refused with an
 *       error, since a client could set it through a {@code Proxy:} request header ("httpoxy").</li>
 * </ul>
 *
 * Immutable; the variables are read once, when it is made.
 */
public final class ProxyEnvironment {

    private static final System.Logger LOG = System.getLogger(ProxyEnvironment.class.getName());

    private final String httpProxyText;
    private final String httpsProxyText;
    private final String noProxyText;
    private final @Nullable URI httpProxy;
    private final @Nullable URI httpsProxy;
    private final boolean cgi;
    private final boolean matchAll;
    private final List<IpMatch> ipMatchers = new ArrayList<>();
    private final List<DomainMatch> domainMatchers = new ArrayList<>();

    private ProxyEnvironment(String httpProxy, String httpsProxy, String noProxy, boolean cgi) {
        this.httpProxyText = httpProxy;
        this.httpsProxyText = httpsProxy;
        this.noProxyText = noProxy;
        this.httpProxy = parseProxy("HTTP_PROXY", httpProxy);
        this.httpsProxy = parseProxy("HTTPS_PROXY", httpsProxy);
        this.cgi = cgi;
        this.matchAll = parseNoProxy(noProxy);
    }

    /**
     * Reads the proxy variables from {@code env} (for example {@link System#getenv()}).
     */
    public static ProxyEnvironment from(Map<String, String> env) {
        String requestMethod = env.get("REQUEST_METHOD");
        return new ProxyEnvironment(
                anyOf(env, "HTTP_PROXY", "http_proxy"),
                anyOf(env, "HTTPS_PROXY", "https_proxy"),
                anyOf(env, "NO_PROXY", "no_proxy"),
                requestMethod != null && !requestMethod.isEmpty());
    }

    /** A configuration with the given values, each null or empty when unset; never a CGI one. */
    public static ProxyEnvironment of(String httpProxy, String httpsProxy, String noProxy) {
        return new ProxyEnvironment(nonNull(httpProxy), nonNull(httpsProxy), nonNull(noProxy), false);
    }

    /**
     * The proxy for {@code url} ({@code http}, {@code https}, {@code ws} or {@code wss}), or null for a
     * direct connection (also for any other scheme or an unparsable URL).
     *
     * @throws IOException in a CGI process when {@code HTTP_PROXY} would apply
     */
    public @Nullable URI proxyFor(URI url) throws IOException {
        DialTarget target;
        try {
            target = DialTarget.of(url);
        } catch (MalformedURLException e) {
            return null;
        }
        URI proxy;
        if (target.secure()) {
            proxy = httpsProxy;
        } else {
            proxy = httpProxy;
            if (proxy != null && cgi) {
                throw new IOException("websocket: refusing to use the HTTP_PROXY value in a CGI environment "
                        + "(REQUEST_METHOD is set); see golang.org/s/cgihttpproxy");
            }
        }
        if (proxy == null || !useProxy(target.host(), target.port())) {
            return null;
        }
        return proxy;
    }

    /**
     * Whether a connection to {@code host:port} goes through the proxy: false for localhost, loopback
     * addresses and what {@code NO_PROXY} lists.
     *
     * @param host a host name (ASCII) or an IP literal without brackets
     */
    public boolean useProxy(String host, int port) {
        if (host.equalsIgnoreCase("localhost")) {
            return false;
        }
        InetAddress ip = parseIp(host);
        if (ip != null && ip.isLoopbackAddress()) {
            return false;
        }
        if (matchAll) {
            return false;
        }
        String name = host.trim().toLowerCase(Locale.ROOT);
        String portText = Integer.toString(port);
        if (ip != null) {
            for (IpMatch m : ipMatchers) {
                if (m.matches(ip, portText)) {
                    return false;
                }
            }
            return true; // domain patterns never match an IP literal
        }
        for (DomainMatch m : domainMatchers) {
            if (m.matches(name, portText)) {
                return false;
            }
        }
        return true;
    }

    /** Parses the list; returns true when it contains "*". */
    private boolean parseNoProxy(String noProxy) {
        for (String entry : noProxy.split(",", -1)) {
            String p = entry.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            if (p.equals("*")) {
                ipMatchers.clear();
                domainMatchers.clear();
                return true;
            }
            int slash = p.indexOf('/');
            if (slash >= 0) {
                IpMatch cidr = parseCidr(p.substring(0, slash), p.substring(slash + 1));
                if (cidr != null) {
                    ipMatchers.add(cidr);
                }
                continue; // Go: a '/' that is not CIDR leaves a host that no name can equal
            }
            String host;
            String port = "";
            String[] split = splitHostPort(p);
            if (split != null) {
                host = split[0];
                port = split[1];
                if (host.isEmpty()) {
                    continue;
                }
                if (host.charAt(0) == '[' && host.charAt(host.length() - 1) == ']') {
                    host = host.substring(1, host.length() - 1);
                }
            } else {
                host = p;
            }
            InetAddress ip = parseIp(host);
            if (ip != null) {
                ipMatchers.add(new IpMatch(ip.getAddress(), -1, port));
                continue;
            }
            if (host.isEmpty()) {
                continue;
            }
            if (host.startsWith("*.")) {
                host = host.substring(1);
            }
            boolean matchHost = false;
            if (host.charAt(0) != '.') {
                matchHost = true;
                host = "." + host;
            }
            if (!host.chars().allMatch(c -> c < 0x80)) {
                try {
                    host = "."
                            + IDN.toASCII(host.substring(1), IDN.ALLOW_UNASSIGNED)
                                    .toLowerCase(Locale.ROOT);
                } catch (IllegalArgumentException e) {
                    // Go keeps the name as given when IDNA fails: it then matches nothing ASCII.
                }
            }
            domainMatchers.add(new DomainMatch(host, port, matchHost));
        }
        return false;
    }

    private static @Nullable IpMatch parseCidr(String address, String prefix) {
        InetAddress ip = parseIp(address);
        if (ip == null
                || prefix.isEmpty()
                || prefix.length() > 3
                || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        int bits = Integer.parseInt(prefix);
        byte[] bytes = ip.getAddress();
        if (bits > bytes.length * 8 || (address.indexOf(':') >= 0 && bytes.length == 4)) {
            return null; // IPv4-mapped IPv6 prefixes are left out rather than guessed at
        }
        return new IpMatch(bytes, bits, "");
    }

    /**
     * Go's {@code net.SplitHostPort}: "host:port" or "[host]:port" (brackets removed), or null when there is no
     * port separator or the host has more than one colon.
     */
    private static String @Nullable [] splitHostPort(String s) {
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                return null;
            }
            return new String[] {s.substring(1, close), s.substring(close + 2)};
        }
        int colon = s.lastIndexOf(':');
        if (colon < 0 || s.indexOf(':') != colon) {
            return null;
        }
        return new String[] {s.substring(0, colon), s.substring(colon + 1)};
    }

    /**
     * An IP literal, or null for anything else; never a name lookup. IPv4 must be four decimal octets without
     * leading zeros, as Go's parser requires; IPv4-mapped IPv6 addresses come back as IPv4.
     */
    static @Nullable InetAddress parseIp(String s) {
        if (s.isEmpty()) {
            return null;
        }
        try {
            if (s.indexOf(':') >= 0) {
                // Brackets make the JDK treat it as an IPv6 literal or fail, without a lookup.
                return s.indexOf('%') >= 0 ? null : InetAddress.getByName("[" + s + "]");
            }
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                String p = parts[i];
                if (p.isEmpty()
                        || p.length() > 3
                        || (p.length() > 1 && p.charAt(0) == '0')
                        || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                        || Integer.parseInt(p) > 255) {
                    return null;
                }
                bytes[i] = (byte) Integer.parseInt(p);
            }
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Go's {@code parseProxy}: a URL with a scheme and a host, else the value with "http://" in front. */
    private static @Nullable URI parseProxy(String variable, String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            URI uri = new URI(value);
            if (uri.getScheme() != null
                    && uri.getRawAuthority() != null
                    && !uri.getRawAuthority().isEmpty()) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // try with a scheme
        }
        try {
            URI uri = new URI("http://" + value);
            if (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty()) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // ignored below
        }
        LOG.log(System.Logger.Level.WARNING, "websocket: ignoring {0}: not a proxy URL", variable);
        return null;
    }

    private static String anyOf(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    /** An IP address (prefix length -1) with an optional port, or a CIDR prefix. */
    private record IpMatch(byte[] address, int prefixBits, String port) {
        boolean matches(InetAddress ip, String requestPort) {
            byte[] b = ip.getAddress();
            if (b.length != address.length) {
                return false;
            }
            int bits = prefixBits < 0 ? b.length * 8 : prefixBits;
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((b[i / 8] & mask) != (address[i / 8] & mask)) {
                    return false;
                }
            }
            return port.isEmpty() || port.equals(requestPort);
        }
    }

    /** A domain suffix with a leading dot; {@code matchHost}: the name without the dot matches too. */
    private record DomainMatch(String suffix, String port, boolean matchHost) {
        boolean matches(String host, String requestPort) {
            if (host.endsWith(suffix) || (matchHost && host.equals(suffix.substring(1)))) {
                return port.isEmpty() || port.equals(requestPort);
            }
            return false;
        }
    }

    @Override
    public String toString() {
        return "ProxyEnvironment[HTTP_PROXY=" + shown(httpProxy, httpProxyText) + ", HTTPS_PROXY="
                + shown(httpsProxy, httpsProxyText) + ", NO_PROXY=" + noProxyText + "]";
    }

    private static String shown(@Nullable URI parsed, String text) {
        if (text.isEmpty()) {
            return "";
        }
        return parsed == null ? "(invalid)" : ProxyUrl.withoutUserInfo(parsed);
    }
}
