package io.github.wsboot.websocket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.internal.AsciiCase;
import io.github.wsboot.websocket.internal.ConnThreads;
import io.github.wsboot.websocket.internal.PerMessageDeflate;
import io.github.wsboot.websocket.internal.WebSocketProtocol;
import io.github.wsboot.websocket.transport.ContainerHandOvers;
import io.github.wsboot.websocket.transport.DeferredTransport;
import io.github.wsboot.websocket.transport.HandOverTarget;
import io.github.wsboot.websocket.transport.NotTakenOverException;

/**
 * Upgrades servlet requests to WebSocket connections. Immutable and safe for
 * concurrent use; build one with {@link #builder()} and share it.
 *
 * <h2>Threads</h2>
 * A servlet container hands the upgraded connection over only after the request handler returns, so a
 * connection cannot be served on the request thread. Either pass a {@link Handler} — it runs on a thread
 * of its own (virtual on Java 21+) once the connection is ready, and the connection is closed when it returns:
 * <pre>{@code
 * upgrader.upgrade(request, response, null, conn -> {
 *     while (true) {
 *         Message m = conn.readMessage();
 *         conn.writeMessage(m.type(), m.data());
 *     }
 * });
 * }</pre>
 * or take the returned {@link Conn} to a thread of your own; there it blocks until the hand-over. Using it on
 * the request thread fails at once with an {@link IllegalStateException} instead of deadlocking.
 */
public final class Upgrader {

    /**
     * Serves one upgraded connection on its own thread: a blocking read loop. When the method returns or
     * throws, the connection is closed with {@link Conn#close()}: a close handshake bounded by the close timeout.
     */
    @FunctionalInterface
    public interface Handler {

        void serve(Conn conn) throws Exception;
    }

    /** Default read and write buffer size when a size is 0. */
    public static final int DEFAULT_BUFFER_SIZE = ConnectionOptions.DEFAULT_BUFFER_SIZE;

    private final ConnectionOptions options;
    private final List<String> subprotocols;
    private final @Nullable Predicate<HttpServletRequest> checkOrigin;
    private final ErrorHandler error;
    private final @Nullable Duration handshakeTimeout;
    private final Executor executor;
    private final TransportMode transportMode;
    private final ContainerHandOvers handOvers;
    private final HandOverObserver handOverObserver;
    private final EngineMode engineMode;
    /** {@link #options} with the event engine's small frame-reader buffer ({@link EngineWiring#READ_BUFFER_SIZE}). */
    private final ConnectionOptions engineOptions;
    /** Names of the hand-overs that took this upgrader's connections so far ({@code tomcat}, {@code servlet}...). */
    private final Set<String> transportsUsed = ConcurrentHashMap.newKeySet();

    private Upgrader(Builder b) {
        this.options = b.options.build();
        this.subprotocols = List.copyOf(b.subprotocols);
        this.checkOrigin = b.checkOrigin;
        this.error = b.error != null ? b.error : Upgrader::defaultError;
        this.handshakeTimeout = b.handshakeTimeout;
        this.executor = b.executor != null ? b.executor : ConnThreads.perTaskExecutor("ws-conn");
        this.transportMode = b.transportMode;
        this.handOvers = new ContainerHandOvers(b.transportMode);
        this.handOverObserver = b.handOverObserver;
        this.engineMode = b.engineMode;
        this.engineOptions = options.toBuilder()
                .readBufferSize(EngineWiring.READ_BUFFER_SIZE)
                .build();
    }

    /** A builder with the defaults: 4 KiB buffers, same-origin check, no subprotocols, no compression. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes an HTTP error response for a refused handshake. The default
     * sends the status with a short plain-text body.
     */
    @FunctionalInterface
    public interface ErrorHandler {
        void handle(HttpServletRequest request, HttpServletResponse response, int status, String reason)
                throws IOException;
    }

    /**
     * Upgrades the request and returns the connection; use it on another
     * thread, see the class documentation.
     *
     * @param responseHeader extra response headers (for example {@code Set-Cookie}); may be null. Set
     *                       subprotocols through the builder, not here.
     * @throws HandshakeException when the request is not an acceptable WebSocket handshake; the error
     *                            response has been written
     */
    public Conn upgrade(
            HttpServletRequest request,
            HttpServletResponse response,
            @Nullable Map<String, List<String>> responseHeader)
            throws IOException {
        return doUpgrade(request, response, responseHeader, null);
    }

    /**
     * Upgrades the request and serves the connection with {@code handler} on its own thread once the
     * container hands it over; the connection is closed ({@link Conn#close()}) when the handler returns.
     *
     * @throws HandshakeException when the request is not an acceptable WebSocket handshake; the error
     *                            response has been written and the handler is not called
     */
    public Conn upgrade(
            HttpServletRequest request,
            HttpServletResponse response,
            @Nullable Map<String, List<String>> responseHeader,
            Handler handler)
            throws IOException {
        Objects.requireNonNull(handler, "handler");
        return doUpgrade(request, response, responseHeader, handler);
    }

    /**
     * Upgrades the request and serves the connection message by message with {@code listener}, once the
     * container hands it over: with {@link EngineMode#EVENT} on the event engine (no thread per connection),
     * otherwise with a read loop on a thread of its own. The connection is closed after
     * {@link MessageListener#onClose}.
     *
     * @throws HandshakeException when the request is not an acceptable WebSocket handshake; the error
     *                            response has been written and the listener is not called
     */
    public Conn upgrade(
            HttpServletRequest request,
            HttpServletResponse response,
            @Nullable Map<String, List<String>> responseHeader,
            MessageListener listener)
            throws IOException {
        Objects.requireNonNull(listener, "listener");
        return doUpgrade(request, response, responseHeader, null, listener);
    }

    private Conn doUpgrade(
            HttpServletRequest request,
            HttpServletResponse response,
            @Nullable Map<String, List<String>> responseHeader,
            @Nullable Handler handler)
            throws IOException {
        return doUpgrade(request, response, responseHeader, handler, null);
    }

    private Conn doUpgrade(
            HttpServletRequest request,
            HttpServletResponse response,
            @Nullable Map<String, List<String>> responseHeader,
            @Nullable Handler handler,
            @Nullable MessageListener listener)
            throws IOException {
        // 1. Validate the request, in gorilla's order, each failure with its own status.
        if ("HTTP/1.0".equals(request.getProtocol())) {
            return refuse(request, response, 400, "HTTP/1.1 or later is required");
        }
        if (!tokenListContains(request.getHeaders("Connection"), "upgrade")) {
            return refuse(request, response, 400, "'upgrade' token not found in 'Connection' header");
        }
        if (!tokenListContains(request.getHeaders("Upgrade"), "websocket")) {
            return refuse(request, response, 400, "'websocket' token not found in 'Upgrade' header");
        }
        if (!"GET".equals(request.getMethod())) {
            response.setHeader("Allow", "GET");
            return refuse(request, response, 405, "request method is not GET");
        }
        List<String> versions = headerValues(request, "Sec-WebSocket-Version");
        if (versions.size() != 1 || !"13".equals(versions.get(0).trim())) {
            response.setHeader("Sec-WebSocket-Version", "13");
            return refuse(
                    request, response, 426, "unsupported version: 13 not found in 'Sec-Websocket-Version' header");
        }
        if (responseHeader != null
                && responseHeader.keySet().stream()
                        .anyMatch(k -> AsciiCase.equalsIgnoreCase(k, "Sec-WebSocket-Extensions"))) {
            return refuse(
                    request, response, 500, "application specific 'Sec-WebSocket-Extensions' headers are unsupported");
        }
        Predicate<HttpServletRequest> origin = checkOrigin != null ? checkOrigin : Upgrader::checkSameOrigin;
        if (!origin.test(request)) {
            return refuse(request, response, 403, "request origin not allowed by Upgrader.checkOrigin");
        }
        List<String> keys = headerValues(request, "Sec-WebSocket-Key");
        if (keys.size() != 1 || !WebSocketProtocol.isValidKey(keys.get(0).trim())) {
            return refuse(
                    request,
                    response,
                    400,
                    "'Sec-WebSocket-Key' header must be Base64 encoded value of 16-byte in length");
        }
        String subprotocol = selectSubprotocol(request);
        PerMessageDeflate.Negotiated deflate = options.compression()
                ? PerMessageDeflate.negotiateServer(
                                headerValues(request, "Sec-WebSocket-Extensions"), options.compressionContextTakeover())
                        .orElse(null)
                : null;

        // 2. Write the 101 response headers and hand the request to the container's upgrade mechanism.
        if (responseHeader != null) {
            responseHeader.forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
        }
        response.setHeader("Upgrade", "websocket");
        response.setHeader("Connection", "Upgrade");
        response.setHeader(
                "Sec-WebSocket-Accept", WebSocketProtocol.acceptKey(keys.get(0).trim()));
        if (!subprotocol.isEmpty()) {
            response.setHeader("Sec-WebSocket-Protocol", subprotocol);
        }
        if (deflate != null) {
            response.setHeader("Sec-WebSocket-Extensions", deflate.header());
        }
        long timeoutNanos = handshakeTimeout != null ? handshakeTimeout.toNanos() : 0;
        DeferredTransport transport = new DeferredTransport(
                Thread.currentThread(),
                timeoutNanos,
                address(request.getLocalAddr(), request.getLocalPort()),
                address(request.getRemoteAddr(), request.getRemotePort()));
        boolean onEngine = engineMode == EngineMode.EVENT;
        Conn conn = new Conn(
                transport,
                true,
                onEngine ? engineOptions : options,
                subprotocol,
                null,
                null,
                deflate != null ? deflate.agreement() : null);
        options.applyTo(conn);
        if (onEngine) {
            EngineWiring.adopt(transport, conn, deflate != null, listener);
        }
        Runnable onReady = handler != null
                ? () -> serve(conn, handler, executor)
                : listener != null ? () -> EngineWiring.serve(conn, transport, listener, executor) : () -> {};
        HandOverTarget target = new HandOverTarget(transport, onReady, conn::closeNow, handOverObserver);
        try {
            transportsUsed.add(handOvers.handOver(request, response, target));
        } catch (NotTakenOverException e) {
            // Nothing was committed: replace the 101 and its headers with an error response.
            if (!response.isCommitted()) {
                response.reset();
            }
            int status =
                    transportMode == TransportMode.AUTO ? 503 : 500; // 500: a configuration the container cannot serve
            // The details (container classes, the failed step) are in the server's log, not for the client.
            return refuse(
                    request,
                    response,
                    status,
                    "the server cannot take the connection over from its container (" + e.step() + ")");
        } catch (jakarta.servlet.ServletException e) {
            throw new HandshakeException(500, "the servlet container refused the upgrade: " + e.getMessage());
        }
        return conn;
    }

    /** Runs {@code handler} on a connection thread and closes the connection afterwards. */
    static void serve(Conn conn, Handler handler, Executor executor) {
        executor.execute(() -> {
            try {
                handler.serve(conn);
            } catch (Exception e) {
                System.getLogger(Upgrader.class.getName())
                        .log(System.Logger.Level.DEBUG, "connection handler ended", e);
            } finally {
                conn.close();
            }
        });
    }

    private Conn refuse(HttpServletRequest request, HttpServletResponse response, int status, String reason)
            throws IOException {
        if (!response.isCommitted()) {
            error.handle(request, response, status, reason);
        }
        throw new HandshakeException(status, reason);
    }

    /**
     * The default {@link ErrorHandler}: the status with a short plain-text body, {@code "<phrase>: <reason>"}.
     * Public so that error handlers can reword a reason and keep the format.
     */
    public static void defaultError(HttpServletRequest request, HttpServletResponse response, int status, String reason)
            throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        byte[] body = (reasonPhrase(status) + ": " + reason + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    private static String reasonPhrase(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 405 -> "Method Not Allowed";
            case 426 -> "Upgrade Required";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> Integer.toString(status);
        };
    }

    private String selectSubprotocol(HttpServletRequest request) {
        if (subprotocols.isEmpty()) {
            return "";
        }
        List<String> offered = subprotocols(request);
        for (String mine : subprotocols) {
            if (offered.contains(mine)) {
                return mine;
            }
        }
        return "";
    }

    /**
     * gorilla's safe default: accept a request without an {@code Origin} header, or whose origin's host
     * (with port) equals the {@code Host} header, ignoring case.
     */
    public static boolean checkSameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String host = request.getHeader("Host");
        if (host == null) {
            return false;
        }
        try {
            URI u = new URI(origin);
            String authority = u.getRawAuthority();
            return authority != null && AsciiCase.equalsIgnoreCase(authority, host);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * Whether the client asked to upgrade to WebSocket: the
     * {@code Connection} header holds the token "upgrade" and the {@code Upgrade} header the token "websocket".
     */
    public static boolean isWebSocketUpgrade(HttpServletRequest request) {
        return tokenListContains(request.getHeaders("Connection"), "upgrade")
                && tokenListContains(request.getHeaders("Upgrade"), "websocket");
    }

    /** The subprotocols the client requested, in its order. */
    public static List<String> subprotocols(HttpServletRequest request) {
        List<String> result = new ArrayList<>();
        for (String header : headerValues(request, "Sec-WebSocket-Protocol")) {
            for (String token : header.split(",")) {
                String t = token.trim();
                if (!t.isEmpty()) {
                    result.add(t);
                }
            }
        }
        return result;
    }

    /**
     * Upgrades without an origin check, with the given buffer sizes; the application negotiates subprotocols
     * itself through {@code responseHeader}.
     *
     * @deprecated use an {@link Upgrader}, as gorilla deprecates its package-level {@code Upgrade}
     */
    @Deprecated
    public static Conn upgrade(
            HttpServletRequest request,
            HttpServletResponse response,
            @Nullable Map<String, List<String>> responseHeader,
            int readBufferSize,
            int writeBufferSize)
            throws IOException {
        Map<String, List<String>> headers = responseHeader == null ? Map.of() : responseHeader;
        Upgrader u = builder()
                .readBufferSize(readBufferSize)
                .writeBufferSize(writeBufferSize)
                .checkOrigin(r -> true)
                .build();
        List<String> protocol = headers.entrySet().stream()
                .filter(e -> AsciiCase.equalsIgnoreCase(e.getKey(), "Sec-WebSocket-Protocol"))
                .flatMap(e -> e.getValue().stream())
                .toList();
        Map<String, List<String>> rest = new java.util.LinkedHashMap<>(headers);
        rest.keySet().removeIf(k -> AsciiCase.equalsIgnoreCase(k, "Sec-WebSocket-Protocol"));
        if (!protocol.isEmpty()) {
            u = builder()
                    .readBufferSize(readBufferSize)
                    .writeBufferSize(writeBufferSize)
                    .checkOrigin(r -> true)
                    .subprotocols(protocol.get(0))
                    .build();
        }
        return u.upgrade(request, response, rest);
    }

    private static boolean tokenListContains(Enumeration<String> headers, String token) {
        if (headers == null) {
            return false;
        }
        for (String header : Collections.list(headers)) {
            for (String t : header.split(",")) {
                if (AsciiCase.equalsIgnoreCase(t.trim(), token)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> headerValues(HttpServletRequest request, String name) {
        Enumeration<String> e = request.getHeaders(name);
        return e == null ? List.of() : Collections.list(e);
    }

    private static @Nullable SocketAddress address(String ip, int port) {
        if (ip == null) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port); // an IP literal: no DNS lookup
        } catch (UnknownHostException e) {
            return InetSocketAddress.createUnresolved(ip, port);
        }
    }

    /** What every upgraded connection starts with. */
    public ConnectionOptions options() {
        return options;
    }

    public int readBufferSize() {
        return options.readBufferSize();
    }

    public TransportMode transportMode() {
        return transportMode;
    }

    public EngineMode engineMode() {
        return engineMode;
    }

    /**
     * The hand-overs that have taken this upgrader's connections so far: {@code tomcat}, {@code jetty} (the
     * containers' native paths) or {@code servlet} (the portable one); empty before the first connection.
     */
    public Set<String> transportsUsed() {
        return Set.copyOf(transportsUsed);
    }

    public int writeBufferSize() {
        return options.writeBufferSize();
    }

    public @Nullable BufferPool writeBufferPool() {
        return options.writeBufferPool();
    }

    public List<String> subprotocols() {
        return subprotocols;
    }

    public @Nullable Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public boolean enableCompression() {
        return options.compression();
    }

    /** Builds an {@link Upgrader}. */
    public static final class Builder extends ConnectionOptionsSetters<Builder> {
        private List<String> subprotocols = List.of();
        private @Nullable Predicate<HttpServletRequest> checkOrigin;
        private @Nullable ErrorHandler error;
        private @Nullable Duration handshakeTimeout;
        private @Nullable Executor executor;
        private TransportMode transportMode = TransportMode.AUTO;
        private HandOverObserver handOverObserver = HandOverObserver.NONE;
        private EngineMode engineMode = EngineMode.BLOCKING;

        private Builder() {}

        /** Supported subprotocols in order of preference; the first one the client also offers is chosen. */
        public Builder subprotocols(String... protocols) {
            this.subprotocols = List.of(protocols);
            return this;
        }

        /** Same as {@link #subprotocols(String...)}. */
        public Builder subprotocols(List<String> protocols) {
            this.subprotocols = List.copyOf(protocols);
            return this;
        }

        /**
         * Decides whether the request's origin is acceptable; refused requests get 403. Null (the default)
         * means {@link Upgrader#checkSameOrigin}. A custom check must validate the origin carefully to prevent
         * cross-site WebSocket hijacking.
         */
        public Builder checkOrigin(Predicate<HttpServletRequest> check) {
            this.checkOrigin = check;
            return this;
        }

        /** Writes HTTP error responses for refused handshakes; null means a plain-text body. */
        public Builder error(@Nullable ErrorHandler handler) {
            this.error = handler;
            return this;
        }

        /**
         * How long a connection thread waits for the container to hand over the upgraded connection; null
         * means 30 seconds.
         */
        public Builder handshakeTimeout(@Nullable Duration timeout) {
            if (timeout != null && timeout.isNegative()) {
                throw new IllegalArgumentException("handshake timeout must not be negative: " + timeout);
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /**
         * Runs {@link Handler}s, and {@link MessageListener}s on the blocking engine; null means a new thread per
         * connection, virtual on Java 21+. The event engine runs listeners on its own executor (virtual threads
         * on 21+, a bounded pool on 17): a thread per task would cost a thread start per burst of messages.
         */
        public Builder executor(@Nullable Executor executor) {
            this.executor = executor;
            return this;
        }

        /**
         * How connections are taken over from the servlet container; {@link TransportMode#AUTO} by default
         * (native, falling back to the servlet upgrade). {@link TransportMode#SERVLET} forces the portable path.
         */
        public Builder transportMode(TransportMode mode) {
            this.transportMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Told about each connection that falls back from the container's native hand-over; must not block. */
        public Builder handOverObserver(HandOverObserver observer) {
            this.handOverObserver = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * Which engine drives connections after the hand-over; {@link EngineMode#BLOCKING} (a thread per
         * connection) by default. {@link EngineMode#EVENT} is the event engine (Tomcat's plain NIO connector;
         * other connections stay blocking); see the README, "Event-driven engine".
         */
        public Builder engine(EngineMode mode) {
            this.engineMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Upgrader build() {
            return new Upgrader(this);
        }
    }

    @Override
    public String toString() {
        return "Upgrader[subprotocols=" + subprotocols + ", " + options + "]";
    }
}
