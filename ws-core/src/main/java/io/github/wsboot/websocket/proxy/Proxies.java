package io.github.wsboot.websocket.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.internal.ProxyEnvironment;
import io.github.wsboot.websocket.internal.ProxyUrl;

/**
 * Ready-made proxy functions for {@link io.github.wsboot.websocket.Dialer.Builder#proxy(Function)}. Each
 * function is given the URL being dialed in its http or https form ({@code ws://h/p} as {@code http://h/p},
 * {@code wss://h/p} as {@code https://h/p}) and returns the proxy to use, or null for a direct connection.
 *
 * <p>A proxy is an {@code http://}, {@code https://} (TLS to the proxy), {@code socks5://} or {@code socks5h://}
 * URL, with optional credentials as user information: {@code http://user:pass@proxy.example:3128}. Both SOCKS
 * schemes let the proxy resolve host names, as Go's {@code x/net/proxy} does for both.
 *
 * <pre>{@code
 * Dialer dialer = Dialer.builder().proxy(Proxies.fromEnvironment()).build();        // like gorilla's DefaultDialer
 * Dialer viaSquid = Dialer.builder().proxy(Proxies.fixed("http://squid.corp:3128")).build();
 * Dialer javaWay = Dialer.builder().proxy(Proxies.fromProxySelector(ProxySelector.getDefault())).build();
 * }</pre>
 */
public final class Proxies {

    private Proxies() {}

    /**
     * Every URL through {@code proxy} (Go's {@code http.ProxyURL}), loopback destinations included.
     *
     * @throws IllegalArgumentException when {@code proxy} is not a supported proxy URL
     */
    public static Function<URI, URI> fixed(URI proxy) {
        Objects.requireNonNull(proxy, "proxy");
        String shown;
        try {
            shown = ProxyUrl.of(proxy).toString();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new Named(url -> proxy, "Proxies.fixed(" + shown + ")");
    }

    /** Same as {@link #fixed(URI)}. */
    public static Function<URI, URI> fixed(String proxy) {
        Objects.requireNonNull(proxy, "proxy");
        try {
            return fixed(URI.create(proxy));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("websocket: malformed proxy URL: " + e.getMessage(), e);
        }
    }

    /**
     * The proxy of the process environment, as Go's {@code http.ProxyFromEnvironment} (the proxy of gorilla's
     * {@code DefaultDialer} and of {@link io.github.wsboot.websocket.Dialer#DEFAULT}): {@code HTTP_PROXY} for ws, {@code HTTPS_PROXY} for
     * wss (upper case first, then lower case), except for the hosts {@code NO_PROXY} lists. Like Go, it never
     * proxies {@code localhost} or a loopback address, and it reads the variables once, now.
     *
     * <p>{@code NO_PROXY} is a comma-separated list of: {@code *} (no proxy at all); IP addresses
     * ({@code 192.168.1.10}, {@code ::1}) and CIDR prefixes ({@code 10.0.0.0/8}); domain names, matching the name
     * and its subdomains ({@code example.com}), or only subdomains with a leading {@code .} or {@code *.}; an IP
     * address or a name may carry a port ({@code example.com:8443}, {@code [::1]:8080}). A value without a
     * scheme means {@code http://}. In a CGI process ({@code REQUEST_METHOD} set) {@code HTTP_PROXY} is refused:
     * the dial fails, as in Go.
     */
    public static Function<URI, URI> fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * Same as {@link #fromEnvironment()} with the variables taken from {@code env} instead of the process
     * environment.
     */
    public static Function<URI, URI> fromEnvironment(Map<String, String> env) {
        ProxyEnvironment config = ProxyEnvironment.from(Objects.requireNonNull(env, "env"));
        return byEnvironment(config, "Proxies.fromEnvironment(" + config + ")");
    }

    /**
     * {@code proxy} for every URL except those {@code noProxy} lists, which it reads as {@code NO_PROXY} (see
     * {@link #fromEnvironment()}); {@code localhost} and loopback addresses are never proxied.
     *
     * @throws IllegalArgumentException when {@code proxy} is not a supported proxy URL
     */
    public static Function<URI, URI> fixed(URI proxy, String noProxy) {
        fixed(proxy); // validates
        ProxyEnvironment config = ProxyEnvironment.of(proxy.toString(), proxy.toString(), noProxy);
        return byEnvironment(
                config, "Proxies.fixed(" + ProxyUrl.withoutUserInfo(proxy) + ", NO_PROXY=" + noProxy + ")");
    }

    /**
     * Asks {@code selector} (Java's own proxy configuration: {@link ProxySelector#getDefault()} follows the
     * {@code http.proxyHost}, {@code https.proxyHost}, {@code http.nonProxyHosts}, {@code socksProxyHost} and
     * {@code java.net.useSystemProxies} system properties) with the http or https form of the URL. The first
     * proxy of its answer is used: {@link Proxy.Type#HTTP} as {@code http://host:port},
     * {@link Proxy.Type#SOCKS} as {@code socks5://host:port}, {@link Proxy.Type#DIRECT} as a direct
     * connection. A selector carries no credentials: put them in a proxy URL of your own function instead.
     */
    public static Function<URI, URI> fromProxySelector(ProxySelector selector) {
        Objects.requireNonNull(selector, "selector");
        return new Named(url -> select(selector, url), "Proxies.fromProxySelector(" + selector + ")");
    }

    /**
     * {@link #fromProxySelector(ProxySelector)} with {@link ProxySelector#getDefault()}, looked up at each dial
     * so that a later {@link ProxySelector#setDefault} applies.
     */
    public static Function<URI, URI> fromProxySelector() {
        Supplier<ProxySelector> current = ProxySelector::getDefault;
        return new Named(
                url -> {
                    ProxySelector s = current.get();
                    return s == null ? null : select(s, url);
                },
                "Proxies.fromProxySelector(default)");
    }

    private static @Nullable URI select(ProxySelector selector, URI url) {
        List<Proxy> proxies = selector.select(url);
        if (proxies == null) {
            return null;
        }
        for (Proxy p : proxies) {
            if (p == null || p.type() == Proxy.Type.DIRECT) {
                return null;
            }
            SocketAddress address = p.address();
            if (!(address instanceof InetSocketAddress inet)) {
                continue; // a selector of its own making may answer with another kind: none we can dial
            }
            String scheme = p.type() == Proxy.Type.SOCKS ? "socks5" : "http";
            return URI.create(scheme + "://" + ProxyUrl.hostPort(inet.getHostString(), inet.getPort()));
        }
        return null;
    }

    /** A proxy function with a useful {@link #toString()} (no credentials). */
    private record Named(Function<URI, URI> function, String name) implements Function<URI, URI> {
        @Override
        public URI apply(URI url) {
            return function.apply(url);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** The proxy {@code config} chooses for each URL, shown as {@code name}. */
    private static Function<URI, URI> byEnvironment(ProxyEnvironment config, String name) {
        return new Named(
                url -> {
                    try {
                        return config.proxyFor(url);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                name);
    }
}
