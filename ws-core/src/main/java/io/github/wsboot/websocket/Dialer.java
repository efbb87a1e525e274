package io.github.wsboot.websocket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.CookieHandler;
import java.net.MalformedURLException;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.internal.ClientHandshake;
import io.github.wsboot.websocket.internal.ClientTls;
import io.github.wsboot.websocket.internal.ConnThreads;
import io.github.wsboot.websocket.internal.DialTarget;
import io.github.wsboot.websocket.internal.HandshakeGuard;
import io.github.wsboot.websocket.internal.HandshakeRequest;
import io.github.wsboot.websocket.internal.HttpConnectTunnel;
import io.github.wsboot.websocket.internal.HttpResponseHead;
import io.github.wsboot.websocket.internal.PerMessageDeflate;
import io.github.wsboot.websocket.internal.ProxyUrl;
import io.github.wsboot.websocket.internal.SocketConnector;
import io.github.wsboot.websocket.internal.Socks5Handshake;
import io.github.wsboot.websocket.proxy.Proxies;
import io.github.wsboot.websocket.proxy.ProxyException;
import io.github.wsboot.websocket.transport.SocketTransport;

/**
 * Opens client connections. Immutable and safe for concurrent use; build one with
 * {@link #builder()}, or use {@link #DEFAULT}.
 *
 * <pre>{@code
 * Conn conn = Dialer.DEFAULT.dial("wss://example.com/chat", Map.of("Origin", List.of("https://example.com")));
 * conn.writeText("hello");
 * Message reply = conn.readMessage();
 * }</pre>
 *
 * <h2>Errors</h2>
 * A dial either returns an open connection or throws, and then the socket is closed. The server's refusal
 * (any status but 101, or a 101 that does not complete the WebSocket handshake) is a
 * {@link BadHandshakeException} carrying the {@link HandshakeResponse}, so callers can follow redirects or
 * authenticate. Other failures: {@link MalformedURLException} for the URL, {@link IllegalArgumentException}
 * for a request header the dialer owns or an invalid header, {@link java.net.SocketTimeoutException} when the
 * handshake timeout passes, {@link javax.net.ssl.SSLHandshakeException} for an untrusted or mismatching
 * certificate, {@link java.net.ProtocolException} for a malformed or oversized HTTP response head.
 *
 * <h2>Proxies</h2>
 * {@link Builder#proxy} chooses an HTTP (CONNECT), HTTPS or SOCKS5 proxy per URL; {@link Proxies} has the usual
 * choices. A proxy that refuses the tunnel or breaks its protocol raises {@link ProxyException} (with the HTTP
 * status line or the SOCKS5 reply code); a proxy that cannot be reached raises the usual
 * {@link java.net.ConnectException} or {@link java.net.UnknownHostException}, naming the proxy; the handshake
 * timeout and {@link #dialAsync} cancellation cover the proxy's part of the dial too.
 */
public final class Dialer {

    /** Read and write buffer size when a size is 0. */
    public static final int DEFAULT_BUFFER_SIZE = ConnectionOptions.DEFAULT_BUFFER_SIZE;

    /**
     * All defaults, a 45 second handshake timeout, and the proxy of the
     * environment ({@link Proxies#fromEnvironment()}, read when this class loads: {@code HTTP_PROXY},
     * {@code HTTPS_PROXY}, {@code NO_PROXY}; never for localhost or loopback addresses).
     */
    public static final Dialer DEFAULT = builder()
            .handshakeTimeout(Duration.ofSeconds(45))
            .proxy(Proxies.fromEnvironment())
            .build();

    private static final System.Logger LOG = System.getLogger(Dialer.class.getName());

    /** Opens a TCP connection to {@code host:port}. */
    @FunctionalInterface
    public interface NetDial {
        Socket dial(String host, int port) throws IOException;
    }

    /**
     * Opens a TCP connection to {@code host:port} within {@code timeout};
     * the timeout is the time left of the handshake, or null when it is unbounded.
     */
    @FunctionalInterface
    public interface NetDialContext {
        Socket dial(String host, int port, @Nullable Duration timeout) throws IOException;
    }

    /**
     * Opens a TLS connection to {@code host:port} within {@code timeout} and returns it with the TLS handshake
     * done; the timeout is the time left, or null when unbounded.
     */
    @FunctionalInterface
    public interface NetDialTls {
        Socket dial(String host, int port, @Nullable Duration timeout) throws IOException;
    }

    private final ConnectionOptions options;
    private final List<String> subprotocols;
    private final @Nullable Duration handshakeTimeout;
    private final @Nullable CookieHandler jar;
    private final @Nullable SSLContext sslContext;
    private final @Nullable SSLParameters sslParameters;
    private final @Nullable NetDial netDial;
    private final @Nullable NetDialContext netDialContext;
    private final @Nullable NetDialTls netDialTls;
    private final @Nullable Function<URI, URI> proxy;
    private final DialObserver dialObserver;

    private Dialer(Builder b) {
        this.options = b.options.build();
        this.subprotocols = b.subprotocols;
        this.handshakeTimeout = b.handshakeTimeout;
        this.jar = b.jar;
        this.sslContext = b.sslContext;
        this.sslParameters = b.sslParameters;
        this.netDial = b.netDial;
        this.netDialContext = b.netDialContext;
        this.netDialTls = b.netDialTls;
        this.proxy = b.proxy;
        this.dialObserver = b.dialObserver;
    }

    /** A builder with the defaults: 4 KiB buffers, no timeout, no subprotocols, no jar. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised with this dialer's settings, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.options = options.toBuilder();
        b.subprotocols = subprotocols;
        b.handshakeTimeout = handshakeTimeout;
        b.jar = jar;
        b.sslContext = sslContext;
        b.sslParameters = sslParameters;
        b.netDial = netDial;
        b.netDialContext = netDialContext;
        b.netDialTls = netDialTls;
        b.proxy = proxy;
        b.dialObserver = dialObserver;
        return b;
    }

    /**
     * Connects to {@code url} and performs the opening handshake; bounded by the
     * handshake timeout.
     *
     * @param url           {@code ws://}, {@code wss://}, {@code http://} or {@code https://}; user information
     *                      becomes a {@code Basic} {@code Authorization} header
     * @param requestHeader extra request headers, may be null: for example {@code Origin}, {@code Cookie}, or
     *                      {@code Sec-WebSocket-Protocol} when no subprotocols are configured. {@code Host}
     *                      overrides the host header. {@code Upgrade}, {@code Connection} and the
     *                      {@code Sec-WebSocket-*} headers the dialer writes are refused.
     * @return the open connection; the server's response is {@link Conn#handshakeResponse()}
     * @throws BadHandshakeException when the server refused the upgrade (see the class documentation for
     *                               the other errors)
     */
    public Conn dial(String url, @Nullable Map<String, List<String>> requestHeader) throws IOException {
        return dial(parseUrl(url), requestHeader, null);
    }

    /** Same as {@link #dial(String, Map)} without extra request headers. */
    public Conn dial(String url) throws IOException {
        return dial(url, null);
    }

    /** Same as {@link #dial(String, Map)}. */
    public Conn dial(URI url, @Nullable Map<String, List<String>> requestHeader) throws IOException {
        return dial(url, requestHeader, null);
    }

    /**
     * Same as {@link #dial(String, Map)} with an overall deadline: connect, TLS handshake and HTTP exchange must finish within {@code timeout}, and
     * within the handshake timeout when that is shorter.
     *
     * @param timeout null or zero means only the handshake timeout applies
     * @throws java.net.SocketTimeoutException when the deadline passes
     */
    public Conn dial(String url, @Nullable Map<String, List<String>> requestHeader, @Nullable Duration timeout)
            throws IOException {
        return dial(parseUrl(url), requestHeader, timeout);
    }

    /** Same as {@link #dial(String, Map, Duration)}. */
    public Conn dial(URI url, @Nullable Map<String, List<String>> requestHeader, @Nullable Duration timeout)
            throws IOException {
        Objects.requireNonNull(url, "url");
        return observedHandshake(url, requestHeader, new HandshakeGuard(shorter(handshakeTimeout, timeout)));
    }

    /**
     * Dials on a connection thread (virtual on Java 21+). {@code cancel(true)} or {@code cancel(false)} on the
     * returned future aborts the dial promptly by closing its socket; a connection that completes after a
     * cancellation is closed. The future fails with the exceptions {@link #dial(String, Map)} throws.
     */
    public CompletableFuture<Conn> dialAsync(String url, @Nullable Map<String, List<String>> requestHeader) {
        HandshakeGuard guard = new HandshakeGuard(handshakeTimeout);
        CompletableFuture<Conn> future = new CompletableFuture<>();
        var unused = future.whenComplete((conn, error) -> {
            if (future.isCancelled()) {
                guard.cancel();
            }
        });
        ConnThreads.newThread("ws-dial", () -> {
                    try {
                        Conn conn = observedHandshake(parseUrl(url), requestHeader, guard);
                        if (!future.complete(conn)) {
                            conn.closeNow(); // cancelled meanwhile: nobody will use it
                        }
                    } catch (Throwable e) {
                        future.completeExceptionally(e);
                    }
                })
                .start();
        return future;
    }

    /**
     * Performs the client handshake over an already connected socket. For a
     * {@code wss} URL the TLS handshake is done over {@code socket}. No timeout applies; the socket is closed
     * when the handshake fails.
     *
     * @deprecated use a {@link Dialer}, with {@link Builder#netDial} for a custom connection, as gorilla
     *             deprecates {@code NewClient}
     */
    @Deprecated
    public static Conn newClient(
            Socket socket,
            URI url,
            @Nullable Map<String, List<String>> requestHeader,
            int readBufSize,
            int writeBufSize)
            throws IOException {
        Objects.requireNonNull(socket, "socket");
        return builder()
                .readBufferSize(readBufSize)
                .writeBufferSize(writeBufSize)
                .netDial((host, port) -> socket)
                .build()
                .dial(url, requestHeader);
    }

    /** {@link #handshake}, reported to the {@link DialObserver}. */
    private Conn observedHandshake(URI url, @Nullable Map<String, List<String>> requestHeader, HandshakeGuard guard)
            throws IOException {
        long start = System.nanoTime();
        Conn conn;
        try {
            conn = handshake(url, requestHeader, guard);
        } catch (IOException | RuntimeException | Error e) {
            dialObserver.dialFailed(url, e, Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
        dialObserver.dialSucceeded(url, conn, Duration.ofNanos(System.nanoTime() - start));
        return conn;
    }

    private Conn handshake(URI url, @Nullable Map<String, List<String>> requestHeader, HandshakeGuard guard)
            throws IOException {
        DialTarget target = DialTarget.of(url);
        // Everything that can be refused without a network round trip is checked before connecting.
        HandshakeRequest request = HandshakeRequest.build(
                target,
                subprotocols,
                requestHeader,
                jar,
                options.compression() ? PerMessageDeflate.clientOffer(options.compressionContextTakeover()) : null);
        ProxyUrl proxyUrl;
        try {
            proxyUrl = chooseProxy(target);
        } catch (IOException | RuntimeException | Error e) {
            guard.stop();
            throw e;
        }

        Progress p = new Progress("connecting to " + target.host() + ":" + target.port());
        try {
            if (proxyUrl == null) {
                p.socket = open(target.host(), target.port(), target.secure(), guard);
                if (target.secure() && netDialTls == null) {
                    p.step = "performing the TLS handshake with " + target.host() + ":" + target.port();
                    p.plain = p.socket;
                    p.socket = ClientTls.handshake(p.socket, target, sslContext, sslParameters, guard);
                }
            } else {
                tunnel(target, proxyUrl, guard, p);
            }
            Socket socket = Objects.requireNonNull(p.socket, "socket after connect or tunnel");
            p.step = "waiting for the handshake response from " + target;
            ClientHandshake.Result result = ClientHandshake.exchange(
                    socket,
                    request,
                    target.httpUri(),
                    jar,
                    Math.min(options.readBufferSize(), 8192),
                    guard,
                    options.compressionContextTakeover());
            guard.finish();
            socket.setSoTimeout(0); // the connection's read deadlines take over from here
            Conn conn = new Conn(
                    new SocketTransport(socket, p.plain),
                    false,
                    options,
                    result.subprotocol(),
                    result.response(),
                    result.preRead(),
                    result.compression());
            options.applyTo(conn);
            return conn;
        } catch (IOException e) {
            closeQuietly(p.socket);
            throw guard.failure(e, p.step);
        } catch (RuntimeException | Error e) {
            closeQuietly(p.socket);
            guard.stop();
            throw e;
        }
    }

    /** What a dial has reached: the step under way (for error messages) and the sockets opened so far. */
    private static final class Progress {
        String step;
        /** The outermost socket established so far; closing it closes everything under it. */
        @Nullable
        Socket socket;
        /** The socket first opened, when TLS was layered over it by us: what aborts a stuck write. */
        @Nullable
        Socket plain;

        Progress(String step) {
            this.step = step;
        }
    }

    /**
     * The proxy for this dial, or null for a direct connection. An {@link UncheckedIOException} of the proxy
     * function (as from {@link Proxies#fromEnvironment()} in a CGI process) fails the dial with its cause.
     */
    private @Nullable ProxyUrl chooseProxy(DialTarget target) throws IOException {
        if (proxy == null) {
            return null;
        }
        URI chosen;
        try {
            chosen = proxy.apply(target.httpUri());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return chosen == null ? null : ProxyUrl.of(chosen);
    }

    /**
     * Reaches the target through {@code proxy}, following gorilla: the hooks dial the proxy, not the target
     * (an https proxy through {@link Builder#netDialTls}, which then does the TLS handshake with the proxy;
     * http and SOCKS5 proxies through {@link Builder#netDialContext} or {@link Builder#netDial}); then CONNECT
     * or SOCKS5 opens the tunnel, and for wss the TLS handshake with the target runs inside it with this
     * dialer's TLS settings ({@code netDialTls} never reaches the target through a proxy).
     */
    private void tunnel(DialTarget target, ProxyUrl proxy, HandshakeGuard guard, Progress p) throws IOException {
        p.step = "connecting to proxy " + proxy;
        boolean tlsToProxy = proxy.kind() == ProxyUrl.Kind.HTTPS;
        try {
            p.socket = open(proxy.host(), proxy.port(), tlsToProxy, guard);
        } catch (IOException e) {
            throw proxyUnreachable(e, proxy);
        }
        Socket first = p.socket;
        if (tlsToProxy && netDialTls == null) {
            p.step = "performing the TLS handshake with proxy " + proxy;
            p.plain = first;
            p.socket = ClientTls.handshake(first, proxy.host(), proxy.port(), sslContext, sslParameters, guard);
        }
        String destination = ProxyUrl.hostPort(target.host(), target.port());
        if (proxy.kind() == ProxyUrl.Kind.SOCKS5) {
            p.step = "negotiating a SOCKS5 connection to " + destination + " with proxy " + proxy;
            Socks5Handshake.connect(p.socket, proxy, target.host(), target.port(), guard);
        } else {
            p.step = "waiting for proxy " + proxy + " to open a tunnel to " + destination;
            HttpConnectTunnel.open(p.socket, proxy, target.host(), target.port(), guard);
        }
        if (target.secure()) {
            p.step = "performing the TLS handshake with " + destination + " through proxy " + proxy;
            p.plain = first;
            p.socket = ClientTls.handshake(p.socket, target, sslContext, sslParameters, guard);
        }
    }

    /** A connect failure that names the proxy, of the same type, so that callers' catch clauses still apply. */
    private static IOException proxyUnreachable(IOException e, ProxyUrl proxy) {
        String message = "websocket: cannot connect to proxy " + proxy + ": " + e.getMessage();
        IOException named;
        if (e instanceof UnknownHostException) {
            named = new UnknownHostException(message);
        } else if (e instanceof NoRouteToHostException) {
            named = new NoRouteToHostException(message);
        } else if (e instanceof ConnectException) {
            named = new ConnectException(message);
        } else {
            return e;
        }
        named.initCause(e);
        return named;
    }

    /** A connected socket from the configured hook, or from our own connector. */
    private Socket open(String host, int port, boolean tls, HandshakeGuard guard) throws IOException {
        Duration left = guard.remaining(); // fails at once when cancelled or out of time
        @Nullable Socket socket;
        if (tls && netDialTls != null) {
            socket = netDialTls.dial(host, port, left);
        } else if (netDialContext != null) {
            socket = netDialContext.dial(host, port, left);
        } else if (netDial != null) {
            socket = netDial.dial(host, port);
        } else {
            return SocketConnector.connect(host, port, guard);
        }
        if (socket == null) {
            throw new IOException("websocket: the dial function returned no socket for " + host + ":" + port);
        }
        guard.watch(socket); // closes it when the deadline already passed or the dial was cancelled meanwhile
        return socket;
    }

    private static URI parseUrl(String url) throws MalformedURLException {
        Objects.requireNonNull(url, "url");
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            MalformedURLException m =
                    new MalformedURLException("websocket: malformed ws or wss URL: " + e.getMessage());
            m.initCause(e);
            throw m;
        }
    }

    private static @Nullable Duration shorter(@Nullable Duration a, @Nullable Duration b) {
        boolean aSet = a != null && !a.isZero() && !a.isNegative();
        boolean bSet = b != null && !b.isZero() && !b.isNegative();
        if (aSet && bSet) {
            return Objects.requireNonNull(a).compareTo(b) <= 0 ? a : b;
        }
        return aSet ? a : bSet ? b : null;
    }

    private static void closeQuietly(@Nullable Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "error closing socket after a failed dial", e);
        }
    }

    /** What every dialed connection starts with. */
    public ConnectionOptions options() {
        return options;
    }

    public int readBufferSize() {
        return options.readBufferSize();
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

    /** The handshake timeout, or null when the handshake is unbounded. */
    public @Nullable Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    public boolean enableCompression() {
        return options.compression();
    }

    public boolean compressionContextTakeover() {
        return options.compressionContextTakeover();
    }

    public int compressionLevel() {
        return options.compressionLevel();
    }

    /** The read limit given to each dialed connection; 0 means none. */
    public long readLimit() {
        return options.readLimit();
    }

    /** The write timeout given to each dialed connection; null means none. */
    public @Nullable Duration writeTimeout() {
        return options.writeTimeout();
    }

    /** The keepalive ping interval of dialed connections; null means no keepalive. */
    public @Nullable Duration pingInterval() {
        return options.pingInterval();
    }

    /** How long a dialed connection waits for a keepalive pong; null without keepalive. */
    public @Nullable Duration pongTimeout() {
        return options.pongTimeout();
    }

    public @Nullable CookieHandler jar() {
        return jar;
    }

    /** The dial observer; {@link DialObserver#NONE} when none was set. */
    public DialObserver dialObserver() {
        return dialObserver;
    }

    /** The proxy function, or null for direct connections. */
    public @Nullable Function<URI, URI> proxy() {
        return proxy;
    }

    /** Builds a {@link Dialer}. */
    public static final class Builder extends ConnectionOptionsSetters<Builder> {
        private List<String> subprotocols = List.of();
        private @Nullable Duration handshakeTimeout;
        private @Nullable CookieHandler jar;
        private @Nullable SSLContext sslContext;
        private @Nullable SSLParameters sslParameters;
        private @Nullable NetDial netDial;
        private @Nullable NetDialContext netDialContext;
        private @Nullable NetDialTls netDialTls;
        private @Nullable Function<URI, URI> proxy;
        private DialObserver dialObserver = DialObserver.NONE;

        private Builder() {}

        /**
         * Subprotocols to request, in order of preference, sent as one {@code Sec-WebSocket-Protocol} header.
         * The handshake fails when the server selects one not in this list.
         *
         * @throws IllegalArgumentException when a name is not an HTTP token (RFC 6455 section 4.1)
         */
        public Builder subprotocols(String... protocols) {
            return subprotocols(List.of(protocols));
        }

        /** Same as {@link #subprotocols(String...)}. */
        public Builder subprotocols(List<String> protocols) {
            for (String p : protocols) {
                if (p == null || !HttpResponseHead.isToken(p, 0, p.length())) {
                    throw new IllegalArgumentException("websocket: invalid subprotocol name: \"" + p + "\"");
                }
            }
            this.subprotocols = List.copyOf(protocols);
            return this;
        }

        /**
         * Bounds connect, TLS handshake and HTTP exchange together; null or zero means no bound. A server that accepts the connection and never answers then fails the dial with
         * {@link java.net.SocketTimeoutException}. The host name lookup that precedes the connect is bounded
         * only by the system resolver's own timeout: Java offers no way to abort it.
         */
        public Builder handshakeTimeout(@Nullable Duration timeout) {
            if (timeout != null && timeout.isNegative()) {
                throw new IllegalArgumentException("handshake timeout must not be negative: " + timeout);
            }
            this.handshakeTimeout = timeout == null || timeout.isZero() ? null : timeout;
            return this;
        }

        /**
         * The cookie jar: its cookies for the URL are sent, and the response's
         * {@code Set-Cookie} headers are stored in it, even when the handshake then fails. It is addressed with
         * the http or https form of the URL. Null: cookies are neither sent nor stored.
         */
        public Builder jar(@Nullable CookieHandler jar) {
            this.jar = jar;
            return this;
        }

        /**
         * The TLS context for wss, also for TLS to an {@code https://} proxy;
         * null means {@link SSLContext#getDefault()}.
         */
        public Builder sslContext(@Nullable SSLContext context) {
            this.sslContext = context;
            return this;
        }

        /**
         * TLS parameters applied over the defaults for wss; fields left null keep them. Hostname verification
         * is on unless the endpoint identification algorithm is set to {@code ""}; server name indication
         * carries the URL's host name unless server names are set. They apply to TLS with an {@code https://}
         * proxy too, whose certificate must name the proxy's host.
         */
        public Builder sslParameters(@Nullable SSLParameters parameters) {
            this.sslParameters = parameters;
            return this;
        }

        /**
         * Opens TCP connections instead of the built-in connector. With a
         * {@link #proxy} it connects to the proxy, not to the server.
         */
        public Builder netDial(NetDial dial) {
            this.netDial = dial;
            return this;
        }

        /**
         * Opens TCP connections with the time left; takes precedence over {@link #netDial}. With a {@link #proxy}
         * it connects to the proxy, not to the server.
         */
        public Builder netDialContext(NetDialContext dial) {
            this.netDialContext = dial;
            return this;
        }

        /**
         * Opens TLS connections for wss, handshake done. When set, the
         * TLS context and parameters of this builder are not used for a direct wss connection. With a
         * {@link #proxy} it is used only to reach an {@code https://} proxy; the server's TLS handshake then runs
         * inside the tunnel with this builder's TLS settings.
         */
        public Builder netDialTls(NetDialTls dial) {
            this.netDialTls = dial;
            return this;
        }

        /**
         * Chooses a proxy for a URL, given in its http or https form; null, or a
         * function that returns null, means a direct connection. {@link Proxies} has ready-made ones: the
         * environment's ({@code HTTP_PROXY}, {@code HTTPS_PROXY}, {@code NO_PROXY}, as {@link #DEFAULT} uses),
         * Java's {@link java.net.ProxySelector}, or one fixed proxy.
         *
         * <p>The function returns a proxy URL: {@code http://} (CONNECT), {@code https://} (CONNECT over TLS to
         * the proxy) or {@code socks5://} / {@code socks5h://} (SOCKS5, host names resolved by the proxy), with
         * optional credentials as user information ({@code http://user:pass@proxy:3128} sends
         * {@code Proxy-Authorization: Basic}; SOCKS5 offers username/password). Another scheme fails the dial with
         * {@link MalformedURLException}. For wss the TLS handshake with the server runs inside the tunnel with
         * this dialer's TLS settings, so SNI and hostname verification apply to the server as without a proxy.
         *
         * <p>With a proxy the socket hooks dial the proxy, not the server, as in gorilla: {@link #netDialTls}
         * for an https proxy (returning the TLS connection to the proxy), {@link #netDialContext} or
         * {@link #netDial} for the others; {@link #netDialTls} is then never used for the server.
         *
         * <p>The function runs on the dialing thread for every dial; an {@link java.io.UncheckedIOException} it
         * throws fails the dial with the cause, as a Go {@code Proxy} function's error aborts the request.
         */
        public Builder proxy(@Nullable Function<URI, URI> proxy) {
            this.proxy = proxy;
            return this;
        }

        /** Observes every dial and the connections it opens (for metrics); null means none. */
        public Builder dialObserver(@Nullable DialObserver observer) {
            this.dialObserver = observer != null ? observer : DialObserver.NONE;
            return this;
        }

        public Dialer build() {
            return new Dialer(this);
        }
    }

    @Override
    public String toString() {
        return "Dialer[subprotocols=" + subprotocols + ", handshakeTimeout=" + handshakeTimeout
                + (proxy != null ? ", proxy=" + proxy : "") + ", " + options + "]";
    }
}
