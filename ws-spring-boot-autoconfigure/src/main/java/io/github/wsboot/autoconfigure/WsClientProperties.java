package io.github.wsboot.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

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

    private final Compression compression = new Compression();

    @NestedConfigurationProperty
    private final WsServerProperties.Keepalive keepalive = new WsServerProperties.Keepalive();

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

    public WsServerProperties.Keepalive getKeepalive() {
        return keepalive;
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

    /** permessage-deflate (RFC 7692) on client connections. */
    public static class Compression {

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
