package io.github.wsboot.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the auto-configured {@code Dialer} bean.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("ws.client")
public class WsClientProperties extends WsConnectionProperties {

    /**
     * Name of the SSL bundle (spring.ssl.bundle.*) whose context secures wss:// connections. Unset means the
     * JDK's default SSL context.
     */
    private @Nullable String sslBundle;

    private final Compression compression = new Compression();

    public WsClientProperties() {
        // gorilla's DefaultDialer: a client waits longer than a server, which only waits for the hand-over.
        setHandshakeTimeout(Duration.ofSeconds(45));
    }

    public @Nullable String getSslBundle() {
        return sslBundle;
    }

    public void setSslBundle(@Nullable String sslBundle) {
        this.sslBundle = sslBundle;
    }

    public Compression getCompression() {
        return compression;
    }

    /** permessage-deflate (RFC 7692) on client connections. */
    public static class Compression {

        /**
         * Whether to offer permessage-deflate to servers.
         */
        private boolean enabled;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
