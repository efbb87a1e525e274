package io.github.wsboot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;

import io.github.wsboot.websocket.EngineMode;
import io.github.wsboot.websocket.TransportMode;

/**
 * Server-side WebSocket settings: every {@code @WebSocketHandler} endpoint uses them unless the annotation
 * overrides an attribute.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("ws.server")
public class WebSocketServerProperties extends WebSocketConnectionProperties {

    /**
     * Largest message a client may send; a bigger one closes the connection with 1009 (message too big).
     * Zero removes the limit, which lets any client make the server buffer unbounded data.
     */
    private DataSize readLimit = DataSize.ofKilobytes(64);

    /**
     * Comma-separated list of origin patterns (as in Spring's CORS allowedOriginPatterns, for example
     * "https://*.example.com") accepted in addition to the same origin. Requests without an Origin header
     * (non-browser clients) are always accepted; other origins get 403.
     */
    private List<String> allowedOrigins = new ArrayList<>();

    /**
     * Largest number of open connections over all endpoints; handshakes beyond it get 503. A negative value
     * means no limit of our own (the servlet container's connection limit still applies).
     */
    private int maxConnections = -1;

    /**
     * How long graceful shutdown waits for clients to answer the 1001 (going away) close frame before the
     * remaining connections are closed. Keep it below spring.lifecycle.timeout-per-shutdown-phase.
     */
    private Duration shutdownTimeout = Duration.ofSeconds(10);

    /**
     * How long any write on a connection (a message, a frame of a streamed message, a reply, a close frame) may
     * take before the connection is closed as stuck, so that a client that stops reading cannot block a writer.
     * A write deadline set by the handler takes precedence. Zero means no limit.
     */
    private Duration writeTimeout = Duration.ofSeconds(10);

    /**
     * How upgraded connections are taken over from the servlet container: "auto" uses the container's native
     * hand-over (Tomcat's socket, Jetty's endpoint) and falls back to the portable servlet upgrade, logged once
     * at WARN and counted, when the container fails the probe; "native" refuses handshakes instead of falling
     * back; "servlet" always uses the portable servlet upgrade (not available on Jetty, whose servlet upgrade
     * drops bytes).
     */
    private TransportMode transport = TransportMode.AUTO;

    /**
     * Which engine drives connections after the hand-over: "blocking" runs each connection on a thread of its
     * own, in blocking reads; "event" (opt-in while it matures) lets a few selector threads own the sockets of
     * Tomcat's plain NIO connector, so that an idle connection holds no read buffer and its reads park without
     * a socket read; other connections (TLS, NIO2, Jetty) stay blocking.
     */
    private EngineMode engine = EngineMode.BLOCKING;

    private final Keepalive keepalive = new Keepalive();

    private final Limits limits = new Limits();

    private final Session session = new Session();

    private final ServerCompression compression = new ServerCompression();

    private final Observations observations = new Observations();

    public DataSize getReadLimit() {
        return readLimit;
    }

    public void setReadLimit(DataSize readLimit) {
        this.readLimit = readLimit;
    }

    public List<String> getAllowedOrigins() {
        return allowedOrigins;
    }

    public void setAllowedOrigins(List<String> allowedOrigins) {
        this.allowedOrigins = new ArrayList<>(allowedOrigins);
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public Duration getWriteTimeout() {
        return writeTimeout;
    }

    public void setWriteTimeout(Duration writeTimeout) {
        this.writeTimeout = writeTimeout;
    }

    public TransportMode getTransport() {
        return transport;
    }

    public void setTransport(TransportMode transport) {
        this.transport = transport;
    }

    public EngineMode getEngine() {
        return engine;
    }

    public void setEngine(EngineMode engine) {
        this.engine = engine;
    }

    public ServerCompression getCompression() {
        return compression;
    }

    public Keepalive getKeepalive() {
        return keepalive;
    }

    public Observations getObservations() {
        return observations;
    }

    public Limits getLimits() {
        return limits;
    }

    public Session getSession() {
        return session;
    }

    @Override
    public void validate(Object target, Errors errors) {
        super.validate(target, errors);
        checkLimits(errors, readLimit, writeTimeout, keepalive, compression.level);
        for (String origin : allowedOrigins) {
            if (origin.isBlank()) {
                errors.rejectValue("allowedOrigins", "blank", "must not contain a blank pattern");
            }
        }
        if (maxConnections == 0) {
            errors.rejectValue("maxConnections", "zero", "0 would refuse every handshake; use -1 for no limit");
        }
        if (shutdownTimeout.isNegative()) {
            errors.rejectValue("shutdownTimeout", "negative", "must not be negative");
        }
        if (limits.maxConnectionsPerAddress == 0) {
            errors.rejectValue(
                    "limits.maxConnectionsPerAddress", "zero", "0 would refuse every handshake; use -1 for no limit");
        }
        if (limits.maxHandshakesPerAddress == 0) {
            errors.rejectValue(
                    "limits.maxHandshakesPerAddress", "zero", "0 would refuse every handshake; use -1 for no limit");
        }
        checkPositive(errors, "limits.handshakePeriod", limits.handshakePeriod);
        checkPositive(errors, "session.registryCheckInterval", session.registryCheckInterval);
        try {
            new io.github.wsboot.autoconfigure.server.ClientAddresses(limits.trustedProxies);
        } catch (IllegalArgumentException e) {
            errors.rejectValue("limits.trustedProxies", "malformed", String.valueOf(e.getMessage()));
        }
    }

    /**
     * Keepalive pings that find dead peers. Pongs are seen only while the handler reads the connection, so
     * a connection-oriented handler that never reads would be closed as dead.
     */
    public static class Keepalive {

        /**
         * Time between pings. Unset or zero disables keepalive pings.
         */
        private @Nullable Duration pingInterval;

        /**
         * How long to wait for the pong before the connection is closed as dead.
         */
        private Duration pongTimeout = Duration.ofSeconds(10);

        public @Nullable Duration getPingInterval() {
            return pingInterval;
        }

        public void setPingInterval(@Nullable Duration pingInterval) {
            this.pingInterval = pingInterval;
        }

        public Duration getPongTimeout() {
            return pongTimeout;
        }

        public void setPongTimeout(Duration pongTimeout) {
            this.pongTimeout = pongTimeout;
        }
    }

    /** Micrometer observations, when an ObservationRegistry exists: handshakes always, messages on demand. */
    public static class Observations {

        /**
         * Whether to observe the handling of each message by a message-oriented handler (one observation, and
         * one span with tracing, per message).
         */
        private boolean messages;

        public boolean isMessages() {
            return messages;
        }

        public void setMessages(boolean messages) {
            this.messages = messages;
        }
    }

    /** permessage-deflate (RFC 7692). */
    public static class ServerCompression {

        /**
         * Whether to negotiate permessage-deflate when the peer offers it.
         */
        private boolean enabled;

        /**
         * Deflate level of outgoing messages, from -2 (Huffman only) through 9 (best compression).
         */
        private int level = 1;

        /**
         * Whether to keep the compression window between messages (RFC 7692 context takeover): much better
         * ratios on small similar messages, at the cost of about 300 KiB of native memory per connection.
         */
        private boolean contextTakeover;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getLevel() {
            return level;
        }

        public void setLevel(int level) {
            this.level = level;
        }

        public boolean isContextTakeover() {
            return contextTakeover;
        }

        public void setContextTakeover(boolean contextTakeover) {
            this.contextTakeover = contextTakeover;
        }
    }

    /**
     * Per-client limits for public endpoints. The client is the connection's remote address, or behind a
     * trusted proxy the address the proxy forwarded.
     */
    public static class Limits {

        /**
         * Largest number of open connections from one client address; beyond it handshakes get 503 with
         * Retry-After. -1 means no limit.
         */
        private int maxConnectionsPerAddress = -1;

        /**
         * Largest number of handshakes one client address may make per handshake period; beyond it they get 429
         * with Retry-After. -1 means no limit.
         */
        private int maxHandshakesPerAddress = -1;

        /** Period over which max-handshakes-per-address is counted. */
        private Duration handshakePeriod = Duration.ofSeconds(10);

        /**
         * Comma-separated list of IP addresses or CIDR ranges of reverse proxies whose Forwarded and
         * X-Forwarded-For headers name the client. Empty: the headers are ignored (a client could otherwise
         * pick its own address).
         */
        private List<String> trustedProxies = new ArrayList<>();

        public int getMaxConnectionsPerAddress() {
            return maxConnectionsPerAddress;
        }

        public void setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
            this.maxConnectionsPerAddress = maxConnectionsPerAddress;
        }

        public int getMaxHandshakesPerAddress() {
            return maxHandshakesPerAddress;
        }

        public void setMaxHandshakesPerAddress(int maxHandshakesPerAddress) {
            this.maxHandshakesPerAddress = maxHandshakesPerAddress;
        }

        public Duration getHandshakePeriod() {
            return handshakePeriod;
        }

        public void setHandshakePeriod(Duration handshakePeriod) {
            this.handshakePeriod = handshakePeriod;
        }

        public List<String> getTrustedProxies() {
            return trustedProxies;
        }

        public void setTrustedProxies(List<String> trustedProxies) {
            this.trustedProxies = new ArrayList<>(trustedProxies);
        }
    }

    /** Connections authenticated by an HTTP session, which should not outlive it. */
    public static class Session {

        /**
         * Whether a connection is closed with 1008 (policy violation) when the HTTP session its handshake came
         * with ends: logout, session timeout, invalidation, or expiry through Spring Security's SessionRegistry.
         */
        private boolean closeOnEnd = true;

        /**
         * How often Spring Security's SessionRegistry (when the application defines one) is checked for expired
         * sessions, whose connections are then closed: the longest such a connection outlives its session.
         */
        private Duration registryCheckInterval = Duration.ofSeconds(5);

        public boolean isCloseOnEnd() {
            return closeOnEnd;
        }

        public void setCloseOnEnd(boolean closeOnEnd) {
            this.closeOnEnd = closeOnEnd;
        }

        public Duration getRegistryCheckInterval() {
            return registryCheckInterval;
        }

        public void setRegistryCheckInterval(Duration registryCheckInterval) {
            this.registryCheckInterval = registryCheckInterval;
        }
    }
}
