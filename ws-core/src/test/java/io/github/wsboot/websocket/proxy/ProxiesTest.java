package io.github.wsboot.websocket.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.github.wsboot.websocket.internal.ProxyEnvironment;

/**
 * Proxy selection without a network: the environment rules ported from Go's {@code httpproxy} package (its
 * own test tables), {@code fixed} and {@code fromProxySelector}. The environment is always injected.
 */
class ProxiesTest {

    private static URI proxyFor(Map<String, String> env, String url) {
        return Proxies.fromEnvironment(env).apply(URI.create(url));
    }

    private static String shown(URI u) {
        return String.valueOf(u);
    }

    /** Go's proxyForURLTests, with ws/wss URLs added where the scheme matters. */
    @ParameterizedTest(name = "HTTP_PROXY={0} HTTPS_PROXY={1} NO_PROXY={2} {3} -> {4}")
    @CsvSource(
            nullValues = "-",
            value = {
                "127.0.0.1:8080,             -,                        -,               http://example.com,       http://127.0.0.1:8080",
                "cache.corp.example.com:1234, -,                       -,               http://example.com,       http://cache.corp.example.com:1234",
                "cache.corp.example.com,     -,                        -,               http://example.com,       http://cache.corp.example.com",
                "localhost,                  -,                        -,               http://example.com,       http://localhost",
                "https://cache.corp.example.com, -,                    -,               http://example.com,       https://cache.corp.example.com",
                "http://127.0.0.1:8080,      -,                        -,               http://example.com,       http://127.0.0.1:8080",
                "socks5://127.0.0.1,         -,                        -,               http://example.com,       socks5://127.0.0.1",
                "foo://host,                 -,                        -,               http://example.com,       foo://host",
                "http.proxy.tld,             secure.proxy.tld,         -,               http://insecure.tld/,     http://http.proxy.tld",
                "http.proxy.tld,             secure.proxy.tld,         -,               https://secure.tld/,      http://secure.proxy.tld",
                "http.proxy.tld,             https://secure.proxy.tld, -,               https://secure.tld/,      https://secure.proxy.tld",
                "http.proxy.tld,             -,                        -,               https://secure.tld/,      null",
                "http.proxy.tld,             -,                        -,               ftp://insecure.tld/,      null",
                "-,                          -,                        -,               http://example.com,       null",
                "proxy,                      -,                        example.com,     http://example.com/,      null",
                "proxy,                      -,                        .example.com,    http://example.com/,      http://proxy",
                "proxy,                      -,                        ample.com,       http://example.com/,      http://proxy",
                "proxy,                      -,                        example.com,     http://foo.example.com/,  null",
                "proxy,                      -,                        .foo.com,        http://example.com/,      http://proxy",
                "proxy,                      -,                        .示例.com,        http://www.示例.com,        null",
                "proxy,                      -,                        xn--fsq092h.com, http://www.示例.com,        null",
                "proxy,                      -,                        示例.com,         http://www.xn--fsq092h.com, null",
                // WebSocket URLs: ws follows HTTP_PROXY, wss HTTPS_PROXY.
                "http.proxy.tld,             secure.proxy.tld,         -,               ws://chat.example/,       http://http.proxy.tld",
                "http.proxy.tld,             secure.proxy.tld,         -,               wss://chat.example/,      http://secure.proxy.tld",
                "http.proxy.tld,             -,                        -,               wss://chat.example/,      null",
                // Ports in NO_PROXY entries, with the scheme's default port.
                "proxy,                      proxy,                    example.com:443, wss://example.com/,       null",
                "proxy,                      proxy,                    example.com:443, ws://example.com/,        http://proxy",
                "proxy,                      proxy,                    example.com:8080, ws://example.com:8080/,  null",
            })
    void choosesTheProxyAsGoDoes(String http, String https, String noProxy, String url, String expected) {
        Map<String, String> env = new HashMap<>();
        if (http != null) {
            env.put("HTTP_PROXY", http);
        }
        if (https != null) {
            env.put("HTTPS_PROXY", https);
        }
        if (noProxy != null) {
            env.put("NO_PROXY", noProxy);
        }
        assertThat(shown(proxyFor(env, url))).isEqualTo(expected);
    }

    private static final String GO_NO_PROXY = "foobar.com, .barbaz.net, *.wildcard.io, 192.168.1.1, 192.168.1.2:81, "
            + "192.168.1.3:80, 10.0.0.0/30, 2001:db8::52:0:1, [2001:db8::52:0:2]:443, [2001:db8::52:0:3]:80, "
            + "2002:db8:a::45/64";

    /** Go's UseProxyTests, for port 80. */
    @ParameterizedTest(name = "{0} -> proxied: {1}")
    @CsvSource({
        "localhost, false",
        "127.0.0.1, false",
        "127.0.0.2, false",
        "::1, false",
        "::2, true",
        "192.168.1.1, false",
        "192.168.1.2, true",
        "192.168.1.3, false",
        "192.168.1.4, true",
        "10.0.0.2, false",
        "10.0.0.4, true",
        "2001:db8::52:0:1, false",
        "2001:db8::52:0:2, true",
        "2001:db8::52:0:3, false",
        "2002:db8:a::123, false",
        "fe80::424b:c8be:1643:a1b6, true",
        "barbaz.net, true",
        "www.barbaz.net, false",
        "foobar.com, false",
        "www.foobar.com, false",
        "foofoobar.com, true",
        "baz.com, true",
        "localhost.net, true",
        "local.localhost, true",
        "barbarbaz.net, true",
        "wildcard.io, true",
        "nested.wildcard.io, false",
        "awildcard.io, true",
        "WWW.FOOBAR.COM, false",
        "LOCALHOST, false",
        "::ffff:127.0.0.1, false",
        "127.000.0.1, true",
    })
    void noProxyMatchesAsGoDoes(String host, boolean proxied) {
        ProxyEnvironment env = ProxyEnvironment.of("proxy", "proxy", GO_NO_PROXY);
        assertThat(env.useProxy(host, 80)).isEqualTo(proxied);
        assertThat(ProxyEnvironment.of("proxy", "proxy", "*").useProxy(host, 80))
                .isFalse();
    }

    @Test
    void malformedNoProxyEntriesAreSkipped() {
        assertThat(ProxyEnvironment.of("proxy", "proxy", ":1").useProxy("example.com", 80))
                .isTrue();
        ProxyEnvironment env =
                ProxyEnvironment.of("proxy", "proxy", " , ,[::1:80, 10.0.0.0/99, example.com/x, ok.test ");
        assertThat(env.useProxy("example.com", 80)).isTrue();
        assertThat(env.useProxy("10.0.0.1", 80)).isTrue();
        assertThat(env.useProxy("ok.test", 80)).isFalse();
    }

    @Test
    void loopbackIsNeverProxiedEvenWithoutNoProxy() {
        Map<String, String> env = Map.of("HTTP_PROXY", "http://proxy:3128", "HTTPS_PROXY", "http://proxy:3128");
        assertThat(proxyFor(env, "ws://localhost:8080/")).isNull();
        assertThat(proxyFor(env, "wss://127.0.0.1/")).isNull();
        assertThat(proxyFor(env, "ws://127.1.2.3/")).isNull();
        assertThat(proxyFor(env, "ws://[::1]:9000/")).isNull();
        assertThat(proxyFor(env, "ws://example.com/")).isEqualTo(URI.create("http://proxy:3128"));
        assertThat(proxyFor(env, "ws://10.1.2.3/")).isEqualTo(URI.create("http://proxy:3128"));
    }

    @Test
    void upperCaseWinsAndLowerCaseIsReadToo() {
        Map<String, String> both = Map.of(
                "HTTP_PROXY",
                "http://upper:1",
                "http_proxy",
                "http://lower:2",
                "NO_PROXY",
                "",
                "no_proxy",
                "example.com");
        assertThat(proxyFor(both, "ws://a.test/")).isEqualTo(URI.create("http://upper:1"));
        // An empty upper-case variable counts as unset: the lower-case one applies.
        assertThat(proxyFor(both, "ws://example.com/")).isNull();

        Map<String, String> lower = Map.of("https_proxy", "socks5h://lower:1080");
        assertThat(proxyFor(lower, "wss://a.test/")).isEqualTo(URI.create("socks5h://lower:1080"));
        assertThat(proxyFor(lower, "ws://a.test/"))
                .as("no fallback from http to https")
                .isNull();
    }

    @Test
    void cgiRefusesHttpProxyButKeepsHttpsProxy() {
        Map<String, String> env = Map.of(
                "HTTP_PROXY",
                "http://10.1.2.3:8080",
                "HTTPS_PROXY",
                "https://secure.proxy.tld",
                "REQUEST_METHOD",
                "PUT");
        Function<URI, URI> f = Proxies.fromEnvironment(env);
        assertThatThrownBy(() -> f.apply(URI.create("ws://example.com/")))
                .isInstanceOf(UncheckedIOException.class)
                .cause()
                .isInstanceOf(IOException.class)
                .hasMessageContaining("CGI");
        assertThat(f.apply(URI.create("wss://example.com/"))).isEqualTo(URI.create("https://secure.proxy.tld"));
        // REQUEST_METHOD empty is not CGI.
        assertThat(proxyFor(Map.of("HTTP_PROXY", "p:1", "REQUEST_METHOD", ""), "ws://example.com/"))
                .isEqualTo(URI.create("http://p:1"));
    }

    @Test
    void unparsableValuesAreIgnoredAndNothingLeaksCredentials() {
        assertThat(proxyFor(Map.of("HTTP_PROXY", "http://bad host:3128"), "ws://example.com/"))
                .isNull();
        Function<URI, URI> f = Proxies.fromEnvironment(Map.of("HTTPS_PROXY", "http://user:secret@proxy:3128"));
        assertThat(f.apply(URI.create("wss://example.com/"))).isEqualTo(URI.create("http://user:secret@proxy:3128"));
        assertThat(f.toString()).contains("proxy:3128").doesNotContain("secret");
    }

    @Test
    void fixedProxiesEverythingAndValidatesItsUrl() {
        Function<URI, URI> f = Proxies.fixed("socks5://alice:pw@127.0.0.1:1080");
        assertThat(f.apply(URI.create("http://127.0.0.1:80/")))
                .isEqualTo(URI.create("socks5://alice:pw@127.0.0.1:1080"));
        assertThat(f.toString()).isEqualTo("Proxies.fixed(socks5://127.0.0.1:1080)");

        assertThatThrownBy(() -> Proxies.fixed("ftp://proxy:21"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported proxy scheme \"ftp\"");
        assertThatThrownBy(() -> Proxies.fixed("http://user:secret@:3128"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no host")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
        assertThatThrownBy(() -> Proxies.fixed("http://proxy:99999"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid port");
        assertThatThrownBy(() -> Proxies.fixed("socks4://proxy")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fixedWithNoProxyList() {
        Function<URI, URI> f = Proxies.fixed(URI.create("http://proxy.corp:3128"), ".internal, 10.0.0.0/8");
        assertThat(f.apply(URI.create("https://api.example.com/"))).isEqualTo(URI.create("http://proxy.corp:3128"));
        assertThat(f.apply(URI.create("http://svc.internal/"))).isNull();
        assertThat(f.apply(URI.create("http://10.2.3.4/"))).isNull();
        assertThat(f.apply(URI.create("http://localhost:8080/"))).isNull();
    }

    @Test
    void proxySelectorAnswersBecomeProxyUrls() {
        List<URI> asked = new ArrayList<>();
        ProxySelector selector = new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                asked.add(uri);
                return switch (uri.getHost()) {
                    case "http.test" ->
                        List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.corp", 3128)));
                    case "socks.test" ->
                        List.of(new Proxy(Proxy.Type.SOCKS, new InetSocketAddress("127.0.0.1", 1080)), Proxy.NO_PROXY);
                    case "v6.test" -> List.of(new Proxy(Proxy.Type.HTTP, new InetSocketAddress("::1", 8080)));
                    default -> List.of(Proxy.NO_PROXY);
                };
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
        };
        Function<URI, URI> f = Proxies.fromProxySelector(selector);
        assertThat(f.apply(URI.create("https://http.test/chat"))).isEqualTo(URI.create("http://proxy.corp:3128"));
        assertThat(f.apply(URI.create("http://socks.test/"))).isEqualTo(URI.create("socks5://127.0.0.1:1080"));
        assertThat(f.apply(URI.create("http://v6.test/"))).isEqualTo(URI.create("http://[0:0:0:0:0:0:0:1]:8080"));
        assertThat(f.apply(URI.create("http://direct.test/"))).isNull();
        assertThat(asked.get(0)).isEqualTo(URI.create("https://http.test/chat"));

        // The JDK's own selector for a fixed address answers HTTP for every URL.
        Function<URI, URI> jdk = Proxies.fromProxySelector(ProxySelector.of(new InetSocketAddress("127.0.0.1", 3128)));
        assertThat(jdk.apply(URI.create("https://example.com/"))).isEqualTo(URI.create("http://127.0.0.1:3128"));
    }

    @Test
    void defaultProxySelectorIsLookedUpAtEachCall() {
        ProxySelector saved = ProxySelector.getDefault();
        Function<URI, URI> f = Proxies.fromProxySelector();
        try {
            ProxySelector.setDefault(ProxySelector.of(new InetSocketAddress("127.0.0.1", 3128)));
            assertThat(f.apply(URI.create("http://example.com/"))).isEqualTo(URI.create("http://127.0.0.1:3128"));
            ProxySelector.setDefault(null);
            assertThat(f.apply(URI.create("http://example.com/"))).isNull();
        } finally {
            ProxySelector.setDefault(saved);
        }
    }
}
