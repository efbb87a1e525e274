package io.github.wsboot.test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.github.wsboot.websocket.Conn;
import io.github.wsboot.websocket.Dialer;
import io.github.wsboot.websocket.JsonCodec;

/**
 * Connects tests to the application's WebSocket endpoints by path, as {@code TestRestTemplate} and
 * {@code WebTestClient} do for HTTP: {@code client.connect("/echo")} dials
 * {@code ws://localhost:<port><context-path>/echo} of the server a
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} started. The port is looked up at the first connect,
 * once the server runs. Obtain it with {@code @AutoConfigureWebSocketTestClient} and {@code @Autowired}.
 *
 * <p>The client dials with a {@link Dialer} of its own (not the application's, whose {@code ws.client.*}
 * settings are for the application's outgoing connections) without a read limit; {@link #withDialer} replaces
 * it, for example for {@code wss://} with a test trust store. Instances are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class WebSocketTestClient {

    /** How long expectations wait by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<String> baseUrl;
    private final Dialer dialer;
    private final Supplier<JsonCodec> json;
    private final Duration timeout;

    /**
     * @param baseUrl supplies the server's base URL ({@code http://localhost:8080/context}); asked at each connect
     * @param dialer  dials the connections
     * @param json    encodes and decodes JSON for {@code sendJson}/{@code expectJson}
     * @param timeout how long expectations and the close handshake wait
     */
    public WebSocketTestClient(Supplier<String> baseUrl, Dialer dialer, Supplier<JsonCodec> json, Duration timeout) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.dialer = Objects.requireNonNull(dialer, "dialer");
        this.json = Objects.requireNonNull(json, "json");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** A client for a server outside Spring: {@code WebSocketTestClient.of("ws://localhost:8080")}. */
    public static WebSocketTestClient of(String baseUrl) {
        return new WebSocketTestClient(() -> baseUrl, Dialer.builder().build(), JsonCodec::jackson, DEFAULT_TIMEOUT);
    }

    /** Connects to {@code path} (with any query string) below the server's base URL. */
    public WebSocketTestConnection connect(String path) throws IOException {
        return connect(path, null);
    }

    /**
     * Connects to {@code path} with extra request headers ({@code Origin}, {@code Authorization},
     * {@code Sec-WebSocket-Protocol}, …). A refused handshake throws
     * {@link io.github.wsboot.websocket.BadHandshakeException} with the server's response.
     */
    public WebSocketTestConnection connect(String path, @Nullable Map<String, List<String>> headers)
            throws IOException {
        String url = url(path);
        Conn conn = headers == null ? dialer.dial(url) : dialer.dial(url, headers);
        return new WebSocketTestConnection(conn, url, json, timeout);
    }

    /** The URL {@link #connect(String)} dials for {@code path}: {@code ws://} or {@code wss://}. */
    public String url(String path) {
        if (!path.isEmpty() && !path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        String base = baseUrl.get();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        if (base.startsWith("http")) {
            base = "ws" + base.substring(4);
        }
        return base + path;
    }

    /** This client, waiting {@code timeout} in expectations. */
    public WebSocketTestClient withTimeout(Duration timeout) {
        return new WebSocketTestClient(baseUrl, dialer, json, timeout);
    }

    /** This client, dialing with {@code dialer} (subprotocols, compression, TLS, …). */
    public WebSocketTestClient withDialer(Dialer dialer) {
        return new WebSocketTestClient(baseUrl, dialer, json, timeout);
    }

    @Override
    public String toString() {
        return "WebSocketTestClient[timeout " + timeout + "]";
    }
}
