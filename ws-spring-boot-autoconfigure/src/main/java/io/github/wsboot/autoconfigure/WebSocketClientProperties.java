package io.github.wsboot.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;

import io.github.wsboot.websocket.proxy.Proxies;

/**
 * Settings of the auto-configured {@code Dialer} bean.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("ws.client")
public class WebSocketClientProperties extends WebSocketConnectionProperties {

    /**
     * Name of the SSL bundle (spring.ssl.bundle.*) whose context secures wss:// connections. Unset means the
     * JDK's default SSL context.
     */
    private @Nullable String sslBundle;

    /**
     * Maximum size of a message read from a server; a larger one closes the connection with 1009 (message too
     * big). Applies to the decompressed size. Zero means no limit.
     */
    private DataSize readLimit = DataSize.ofKilobytes(64);

    /**
     * How long any write on a client connection may take before the connection is closed as stuck. Zero means
     * no limit.
     */
    private Duration writeTimeout = Duration.ofSeconds(10);

    private final ClientCompression compression = new ClientCompression();

    @NestedConfigurationProperty
    private final WebSocketServerProperties.Keepalive keepalive = new WebSocketServerProperties.Keepalive();

    private final Proxy proxy = new Proxy();

    public WebSocketClientProperties() {
        // gorilla's DefaultDialer: a client waits longer than a server, which only waits for the hand-over.
        setHandshakeTimeout(Duration.ofSeconds(45));
    }

    public @Nullable String getSslBundle() {
        return sslBundle;
    }

    public void setSslBundle(@Nullable String sslBundle) {
        this.sslBundle = sslBundle;
    }

    public ClientCompression getCompression() {
        return compression;
    }

    public WebSocketServerProperties.Keepalive getKeepalive() {
        return keepalive;
    }

    public Proxy getProxy() {
        return proxy;
    }

    @Override
    public void validate(Object target, Errors errors) {
        super.validate(target, errors);
        checkLimits(errors, readLimit, writeTimeout, keepalive, compression.getLevel());
        int sources = (proxy.url != null ? 1 : 0) + (proxy.fromEnvironment ? 1 : 0) + (proxy.fromProxySelector ? 1 : 0);
        if (sources > 1) {
            errors.rejectValue(
                    "proxy",
                    "exclusive",
                    "set only one of ws.client.proxy.url, from-environment and from-proxy-selector");
        }
        if (proxy.url != null) {
            try {
                Proxies.fixed(proxy.url);
            } catch (IllegalArgumentException e) {
                errors.rejectValue("proxy.url", "invalid", String.valueOf(e.getMessage()));
            }
        }
        if (proxy.noProxy != null && proxy.url == null) {
            errors.rejectValue(
                    "proxy.noProxy",
                    "unused",
                    "applies to ws.client.proxy.url only (from-environment reads NO_PROXY itself)");
        }
    }

    public DataSize getReadLimit() {
        return readLimit;
    }

    public void setReadLimit(DataSize readLimit) {
        this.readLimit = readLimit;
    }

    public Duration getWriteTimeout() {
        return writeTimeout;
    }

    public void setWriteTimeout(Duration writeTimeout) {
        this.writeTimeout = writeTimeout;
    }

    /**
     * The proxy client connections go through: HTTP CONNECT, HTTPS or SOCKS5. At most one of {@code url},
     * {@code from-environment} and {@code from-proxy-selector}; none means direct connections.
     */
    public static class Proxy {

        /**
         * Proxy for every connection: http://, https:// (TLS to the proxy), socks5:// or socks5h:// (host
         * names resolved by the proxy), with optional credentials as user information, for example
         * http://user:pass@proxy.example:3128.
         */
        private @Nullable String url;

        /**
         * Hosts reached directly despite ws.client.proxy.url, in the syntax of NO_PROXY: comma-separated
         * domain names (matching subdomains too; a leading dot for subdomains only), IP addresses, CIDR
         * prefixes, optional ports, or * for all. localhost and loopback addresses are then never proxied.
         */
        private @Nullable String noProxy;

        /**
         * Whether to take the proxy from the HTTP_PROXY, HTTPS_PROXY and NO_PROXY environment variables (or
         * their lower-case forms), as Go's ProxyFromEnvironment and gorilla's DefaultDialer do. localhost and
         * loopback addresses are never proxied.
         */
        private boolean fromEnvironment;

        /**
         * Whether to ask Java's default ProxySelector, which follows the http.proxyHost, https.proxyHost,
         * http.nonProxyHosts, socksProxyHost and java.net.useSystemProxies system properties.
         */
        private boolean fromProxySelector;

        public @Nullable String getUrl() {
            return url;
        }

        public void setUrl(@Nullable String url) {
            this.url = url == null || url.isBlank() ? null : url.trim();
        }

        public @Nullable String getNoProxy() {
            return noProxy;
        }

        public void setNoProxy(@Nullable String noProxy) {
            this.noProxy = noProxy == null || noProxy.isBlank() ? null : noProxy;
        }

        public boolean isFromEnvironment() {
            return fromEnvironment;
        }

        public void setFromEnvironment(boolean fromEnvironment) {
            this.fromEnvironment = fromEnvironment;
        }

        public boolean isFromProxySelector() {
            return fromProxySelector;
        }

        public void setFromProxySelector(boolean fromProxySelector) {
            this.fromProxySelector = fromProxySelector;
        }

        /** The proxy function these settings describe, or null for direct connections. */
        public @Nullable Function<URI, URI> toFunction() {
            if (url != null) {
                return noProxy != null ? Proxies.fixed(URI.create(url), noProxy) : Proxies.fixed(url);
            }
            if (fromEnvironment) {
                return Proxies.fromEnvironment();
            }
            if (fromProxySelector) {
                return Proxies.fromProxySelector();
            }
            return null;
        }
    }

    /** permessage-deflate (RFC 7692) on client connections. */
    public static class ClientCompression {

        /**
         * Whether to offer permessage-deflate to servers.
         */
        private boolean enabled;

        /**
         * Whether to offer context takeover (the compression window kept across messages): better ratios on
         * small similar messages, about 300 KiB of native memory per connection.
         */
        private boolean contextTakeover;

        /**
         * Deflate level of outgoing messages, -2 (Huffman only) to 9.
         */
        private int level = 1;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isContextTakeover() {
            return contextTakeover;
        }

        public void setContextTakeover(boolean contextTakeover) {
            this.contextTakeover = contextTakeover;
        }

        public int getLevel() {
            return level;
        }

        public void setLevel(int level) {
            this.level = level;
        }
    }
}
