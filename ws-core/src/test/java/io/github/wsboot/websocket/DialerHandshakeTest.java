package io.github.wsboot.websocket;

import static io.github.wsboot.websocket.StubServer.ascii;
import static io.github.wsboot.websocket.StubServer.header;
import static io.github.wsboot.websocket.StubServer.switching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.EOFException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.github.wsboot.websocket.internal.WebSocketProtocol;

/** The client handshake against a raw socket server that answers exactly what each test needs. */
@Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DialerHandshakeTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static final Dialer DIALER =
            Dialer.builder().handshakeTimeout(Duration.ofSeconds(5)).build();

    @Test
    void sendsTheOpeningHandshakeOfRfc6455() throws Exception {
        try (StubServer stub = StubServer.start(
                (req, out) -> out.write(ascii(switching(req, "Sec-WebSocket-Protocol: chat.v2\r\n"))))) {
            Dialer dialer =
                    DIALER.toBuilder().subprotocols("chat.v1", "chat.v2").build();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            headers.put("Origin", List.of("http://example.com"));
            headers.put("X-Trace", List.of("a", "b"));

            Conn conn = dialer.dial("ws://alice:p%40ss@127.0.0.1:" + stub.port() + "/chat/room?id=7&x=%20", headers);
            conn.close();

            String request = stub.takeRequest(WAIT);
            assertThat(request).startsWith("GET /chat/room?id=7&x=%20 HTTP/1.1\r\n");
            assertThat(header(request, "Host")).isEqualTo("127.0.0.1:" + stub.port());
            assertThat(header(request, "Upgrade")).isEqualTo("websocket");
            assertThat(header(request, "Connection")).isEqualTo("Upgrade");
            assertThat(header(request, "Sec-WebSocket-Version")).isEqualTo("13");
            assertThat(WebSocketProtocol.isValidKey(header(request, "Sec-WebSocket-Key")))
                    .isTrue();
            assertThat(header(request, "Sec-WebSocket-Protocol")).isEqualTo("chat.v1, chat.v2");
            assertThat(header(request, "Origin")).isEqualTo("http://example.com");
            assertThat(request).contains("X-Trace: a\r\nX-Trace: b\r\n");
            assertThat(header(request, "Authorization"))
                    .isEqualTo("Basic "
                            + Base64.getEncoder().encodeToString("alice:p@ss".getBytes(StandardCharsets.UTF_8)));
            assertThat(header(request, "Sec-WebSocket-Extensions")).isNull();

            assertThat(conn.subprotocol()).isEqualTo("chat.v2");
            assertThat(conn.handshakeResponse().status()).isEqualTo(101);
            assertThat(conn.handshakeResponse().reason()).isEqualTo("Switching Protocols");
            assertThat(conn.handshakeResponse().headers().firstValue("sec-websocket-protocol"))
                    .hasValue("chat.v2");
        }
    }

    @Test
    void eachDialSendsAFreshKey() throws Exception {
        try (StubServer stub = StubServer.start((req, out) -> out.write(ascii(switching(req, ""))))) {
            DIALER.dial(stub.url("/"), null).close();
            DIALER.dial(stub.url("/"), null).close();
            String first = header(stub.takeRequest(WAIT), "Sec-WebSocket-Key");
            String second = header(stub.takeRequest(WAIT), "Sec-WebSocket-Key");
            assertThat(first).isNotEqualTo(second);
        }
    }

    @Test
    void omitsTheDefaultPortAndDefaultsThePathToSlash() throws Exception {
        AtomicReference<String> dialed = new AtomicReference<>();
        try (StubServer stub = StubServer.start((req, out) -> out.write(ascii(switching(req, ""))))) {
            Dialer dialer = DIALER.toBuilder()
                    .netDial((host, port) -> {
                        dialed.set(host + ":" + port);
                        return new Socket("127.0.0.1", stub.port());
                    })
                    .build();
            dialer.dial("ws://example.invalid", null).close();
            String request = stub.takeRequest(WAIT);
            assertThat(request).startsWith("GET / HTTP/1.1\r\n");
            assertThat(header(request, "Host")).isEqualTo("example.invalid");
            assertThat(dialed.get()).isEqualTo("example.invalid:80");
        }
    }

    @Test
    void acceptsHttpSchemesAndAHostOverride() throws Exception {
        try (StubServer stub = StubServer.start((req, out) -> out.write(ascii(switching(req, ""))))) {
            DIALER.dial("http://127.0.0.1:" + stub.port() + "/x", Map.of("Host", List.of("front.example")))
                    .close();
            String request = stub.takeRequest(WAIT);
            assertThat(request).startsWith("GET /x HTTP/1.1\r\n");
            assertThat(header(request, "Host")).isEqualTo("front.example");
        }
    }

    @Test
    void refusedHandshakeCarriesStatusHeadersAndBody() throws Exception {
        try (StubServer stub = StubServer.start((req, out) -> {
            out.write(ascii("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: 18\r\n\r\n"));
            out.flush();
            sleep(100); // the body arrives in a later segment than the head
            out.write(ascii("origin not allowed"));
        })) {
            Throwable thrown = catchThrowable(() -> DIALER.dial(stub.url("/"), null));

            assertThat(thrown)
                    .isInstanceOf(BadHandshakeException.class)
                    .hasMessageContaining("websocket: bad handshake")
                    .hasMessageContaining("403");
            BadHandshakeException bad = (BadHandshakeException) thrown;
            assertThat(bad.response().status()).isEqualTo(403);
            assertThat(bad.response().reason()).isEqualTo("Forbidden");
            assertThat(bad.response().headers().firstValue("content-type")).hasValue("text/plain");
            assertThat(bad.response().bodyText()).isEqualTo("origin not allowed");
            assertThat(stub.awaitClientClose(WAIT))
                    .as("client closed its socket")
                    .isTrue();
        }
    }

    @Test
    void refusedHandshakeKeepsAtMostOneKibibyteOfAChunkedBody() throws Exception {
        String big = "x".repeat(3000);
        try (StubServer stub = StubServer.start(
                (req, out) -> out.write(ascii("HTTP/1.1 401 Unauthorized\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n" + Integer.toHexString(big.length()) + "\r\n" + big + "\r\n0\r\n\r\n")))) {
            BadHandshakeException bad = (BadHandshakeException) catchThrowable(() -> DIALER.dial(stub.url("/"), null));
            assertThat(bad.response().status()).isEqualTo(401);
            assertThat(bad.response().body()).hasSize(1024);
            assertThat(bad.response().bodyText()).startsWith("helloxxx");
        }
    }

    @Test
    void wrongAcceptKeyIsABadHandshake() throws Exception {
        try (StubServer stub = StubServer.start((req, out) -> out.write(ascii("HTTP/1.1 101 Switching Protocols\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + WebSocketProtocol.acceptKey("dGhlIHNhbXBsZSBub25jZQ==") + "\r\n\r\n")))) {
            assertThatThrownBy(() -> DIALER.dial(stub.url("/"), null))
                    .isInstanceOf(BadHandshakeException.class)
                    .hasMessageContaining("'Sec-WebSocket-Accept' header does not match")
                    .satisfies(e -> assertThat(
                                    ((BadHandshakeException) e).response().status())
                            .isEqualTo(101));
            assertThat(stub.awaitClientClose(WAIT)).isTrue();
        }
    }

    @Test
    void missingUpgradeHeaderIsABadHandshake() throws Exception {
        try (StubServer stub = StubServer.start(
                (req, out) -> out.write(ascii(switching(req, "").replace("Upgrade: websocket\r\n", ""))))) {
            assertThatThrownBy(() -> DIALER.dial(stub.url("/"), null))
                    .isInstanceOf(BadHandshakeException.class)
                    .hasMessageContaining("'websocket' token not found in 'Upgrade' header");
            assertThat(stub.awaitClientClose(WAIT)).isTrue();
        }
    }

    @Test
    void connectionHeaderMayListMoreTokens() throws Exception {
        try (StubServer stub = StubServer.start((req, out) -> out.write(
                ascii(switching(req, "").replace("Connection: Upgrade", "Connection: keep-alive, UPGRADE"))))) {
            DIALER.dial(stub.url("/"), null).close();
        }
    }

    @Test
    void unrequestedSubprotocolIsABadHandshake() throws Exception {
        try (StubServer stub =
                StubServer.start((req, out) -> out.write(ascii(switching(req, "Sec-WebSocket-Protocol: mqtt\r\n"))))) {
            Dialer dialer = DIALER.toBuilder().subprotocols("chat").build();
            assertThatThrownBy(() -> dialer.dial(stub.url("/"), null))
                    .isInstanceOf(BadHandshakeException.class)
                    .hasMessageContaining("server selected subprotocol \"mqtt\", which the client did not offer");
            assertThatThrownBy(() -> DIALER.dial(stub.url("/"), null))
                    .as("no subprotocol offered at all")
                    .isInstanceOf(BadHandshakeException.class);
        }
    }

    @Test
    void subprotocolFromTheRequestHeaderCountsAsOffered() throws Exception {
        try (StubServer stub =
                StubServer.start((req, out) -> out.write(ascii(switching(req, "Sec-WebSocket-Protocol: mqtt\r\n"))))) {
            Conn conn = DIALER.dial(stub.url("/"), Map.of("Sec-WebSocket-Protocol", List.of("chat, mqtt")));
            assertThat(conn.subprotocol()).isEqualTo("mqtt");
            conn.close();
            assertThat(header(stub.takeRequest(WAIT), "Sec-WebSocket-Protocol")).isEqualTo("chat, mqtt");
        }
    }

    @Test
    void unrequestedExtensionIsABadHandshake() throws Exception {
        try (StubServer stub = StubServer.start(
                (req, out) -> out.write(ascii(switching(req, "Sec-WebSocket-Extensions: permessage-deflate\r\n"))))) {
            assertThatThrownBy(() -> DIALER.dial(stub.url("/"), null))
                    .isInstanceOf(BadHandshakeException.class)
                    .hasMessageContaining("did not offer")
                    .hasMessageContaining("permessage-deflate");
        }
    }

    @Test
    void oversizedHeaderBlockFailsAndClosesTheSocket() throws Exception {
        try (StubServer stub = StubServer.start((req, out) -> {
            out.write(ascii("HTTP/1.1 101 Switching Protocols\r\n"));
            String filler = "X-Filler: " + "f".repeat(1000) + "\r\n";
            for (int i = 0; i < 80; i++) { // 80 KB of headers, never ending
                out.write(ascii(filler));
            }
        })) {
            assertThatThrownBy(() -> DIALER.dial(stub.url("/"), null))
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("larger than 65536 bytes");
            assertThat(stub.awaitClientClose(WAIT)).isTrue();
        }
    }

    @Test
    void malformedStatusLineFails() throws Exception {
        try (StubServer stub = StubServer.start((req, out) -> out.write(ascii("HTTP/1.1 OK\r\n\r\n")))) {
            assertThatThrownBy(() -> DIALER.dial(stub.url("/"), null))
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("malformed HTTP response status line");
        }
    }

    @Test
    void silentServerTimesOutWithinTheHandshakeTimeout() throws Exception {
        try (StubServer stub = StubServer.start((req, out) -> {})) {
            Dialer dialer =
                    Dialer.builder().handshakeTimeout(Duration.ofMillis(1000)).build();
            long start = System.nanoTime();
            Throwable thrown = catchThrowable(() -> dialer.dial(stub.url("/"), null));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(thrown)
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("handshake timed out after 1000 ms");
            assertThat(elapsedMs).isBetween(900L, 2000L);
            assertThat(stub.awaitClientClose(WAIT)).isTrue();
        }
    }

    @Test
    void dialTimeoutArgumentBoundsTheDefaultDialer() throws Exception {
        try (StubServer stub = StubServer.start((req, out) -> {})) {
            long start = System.nanoTime();
            Throwable thrown = catchThrowable(() -> Dialer.DEFAULT.dial(stub.url("/"), null, Duration.ofMillis(500)));
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(thrown).isInstanceOf(SocketTimeoutException.class);
            assertThat(elapsedMs).isBetween(450L, 1000L);
        }
    }

    @Test
    void serverClosingMidResponseFails() throws Exception {
        try (StubServer stub = StubServer.start((req, out) -> {
            out.write(ascii("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"));
            out.close();
        })) {
            assertThatThrownBy(() -> DIALER.dial(stub.url("/"), null))
                    .isInstanceOf(EOFException.class)
                    .hasMessageContaining("in the middle of the HTTP response headers");
        }
    }

    @Test
    void framesSentWithThe101AreReadFirst() throws Exception {
        try (StubServer stub = StubServer.start((req, out) -> {
            byte[] head = ascii(switching(req, ""));
            byte[] frames = {(byte) 0x81, 5, 'h', 'e', 'l', 'l', 'o', (byte) 0x82, 2, 7, 9};
            byte[] all = new byte[head.length + frames.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(frames, 0, all, head.length, frames.length);
            out.write(all); // one write: the frames share the segment with the head
        })) {
            for (int readBufferSize : new int[] {0, 16}) {
                Dialer dialer =
                        DIALER.toBuilder().readBufferSize(readBufferSize).build();
                try (Conn conn = dialer.dial(stub.url("/"), null)) {
                    conn.setReadDeadline(Instant.now().plusSeconds(5));
                    Message text = conn.readMessage();
                    assertThat(text.type()).isEqualTo(MessageType.TEXT);
                    assertThat(new String(text.data(), StandardCharsets.UTF_8)).isEqualTo("hello");
                    Message binary = conn.readMessage();
                    assertThat(binary.type()).isEqualTo(MessageType.BINARY);
                    assertThat(binary.data()).containsExactly(7, 9);
                }
            }
        }
    }

    @Test
    void refusesHeadersTheDialerOwnsBeforeConnecting() throws Exception {
        try (StubServer stub = StubServer.start((req, out) -> out.write(ascii(switching(req, ""))))) {
            for (String owned : List.of(
                    "Upgrade",
                    "connection",
                    "Sec-WebSocket-Key",
                    "Sec-Websocket-Version",
                    "Sec-WebSocket-Extensions")) {
                assertThatThrownBy(() -> DIALER.dial(stub.url("/"), Map.of(owned, List.of("x"))))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("websocket: duplicate header not allowed: " + owned);
            }
            Dialer withProtocols = DIALER.toBuilder().subprotocols("chat").build();
            assertThatThrownBy(() -> withProtocols.dial(stub.url("/"), Map.of("Sec-WebSocket-Protocol", List.of("x"))))
                    .hasMessage("websocket: duplicate header not allowed: Sec-WebSocket-Protocol");
            assertThatThrownBy(() -> DIALER.dial(stub.url("/"), Map.of("X-Evil", List.of("a\r\nInjected: yes"))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("X-Evil");
            assertThat(stub.awaitConnection(Duration.ofMillis(300)))
                    .as("nothing was sent")
                    .isFalse();
        }
    }

    @Test
    void rejectsUrlsThatAreNotWebSocketUrls() {
        assertThatThrownBy(() -> DIALER.dial("ftp://127.0.0.1/", null))
                .isInstanceOf(MalformedURLException.class)
                .hasMessageContaining("the scheme must be ws, wss, http or https");
        assertThatThrownBy(() -> DIALER.dial("ws:///nohost", null))
                .isInstanceOf(MalformedURLException.class)
                .hasMessageContaining("no host");
        assertThatThrownBy(() -> DIALER.dial("ws://127.0.0.1:99999/", null))
                .isInstanceOf(MalformedURLException.class)
                .hasMessageContaining("port out of range");
        assertThatThrownBy(() -> DIALER.dial("ws://bad host/", null)).isInstanceOf(MalformedURLException.class);
        assertThatThrownBy(() -> DIALER.dial("mailto:someone@example.com", null))
                .isInstanceOf(MalformedURLException.class);
        assertThatThrownBy(() -> DIALER.dial("ftp://bob:secret@127.0.0.1/", null))
                .isInstanceOf(MalformedURLException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
    }

    @Test
    void proxyFunctionSeesNoCredentialsAndItsChoiceIsValidated() throws Exception {
        try (StubServer stub = StubServer.start((req, out) -> out.write(ascii(switching(req, ""))))) {
            List<URI> asked = new ArrayList<>();
            Dialer direct = DIALER.toBuilder()
                    .proxy(u -> {
                        asked.add(u);
                        return null;
                    })
                    .build();
            direct.dial(stub.url("/p?q=1"), null).close();
            assertThat(asked).containsExactly(URI.create("http://127.0.0.1:" + stub.port() + "/p?q=1"));

            List<URI> secure = new ArrayList<>();
            Dialer stop = DIALER.toBuilder()
                    .proxy(u -> {
                        secure.add(u);
                        throw new java.io.UncheckedIOException(new IOException("stop"));
                    })
                    .build();
            assertThatThrownBy(() -> stop.dial("wss://user:pw@example.com/chat?x=1", null))
                    .hasMessage("stop");
            assertThat(secure).containsExactly(URI.create("https://example.com/chat?x=1"));

            Dialer unsupported = DIALER.toBuilder()
                    .proxy(u -> URI.create("socks4://user:secret@proxy.example:1080"))
                    .build();
            assertThatThrownBy(() -> unsupported.dial(stub.url("/"), null))
                    .isInstanceOf(MalformedURLException.class)
                    .hasMessageContaining("unsupported proxy scheme \"socks4\"")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));

            Dialer failing = DIALER.toBuilder()
                    .proxy(u -> {
                        throw new java.io.UncheckedIOException(new IOException("no proxy configuration"));
                    })
                    .build();
            assertThatThrownBy(() -> failing.dial(stub.url("/"), null))
                    .isInstanceOf(IOException.class)
                    .hasMessage("no proxy configuration");
            assertThat(stub.takeRequest(Duration.ofMillis(200)))
                    .as("only the direct dial reached the server")
                    .isNotNull();
            assertThat(stub.takeRequest(Duration.ofMillis(200))).isNull();
        }
    }

    @Test
    void netDialHooksAreUsedInGorillasOrder() throws Exception {
        try (StubServer stub = StubServer.start((req, out) -> out.write(ascii(switching(req, ""))))) {
            AtomicInteger plainCalls = new AtomicInteger();
            AtomicReference<Duration> contextTimeout = new AtomicReference<>();
            Dialer.NetDial plain = (host, port) -> {
                plainCalls.incrementAndGet();
                return new Socket("127.0.0.1", stub.port());
            };
            DIALER.toBuilder()
                    .netDial(plain)
                    .build()
                    .dial("ws://unresolvable.invalid:1234/", null)
                    .close();
            assertThat(plainCalls).hasValue(1);
            assertThat(header(stub.takeRequest(WAIT), "Host")).isEqualTo("unresolvable.invalid:1234");

            DIALER.toBuilder()
                    .netDial(plain)
                    .netDialContext((host, port, timeout) -> {
                        contextTimeout.set(timeout);
                        return new Socket("127.0.0.1", stub.port());
                    })
                    .build()
                    .dial("ws://unresolvable.invalid/", null)
                    .close();
            assertThat(plainCalls).as("netDialContext takes precedence").hasValue(1);
            assertThat(contextTimeout.get()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(5));

            Dialer unbounded = Dialer.builder()
                    .netDialContext((host, port, timeout) -> {
                        contextTimeout.set(timeout);
                        return new Socket("127.0.0.1", stub.port());
                    })
                    .build();
            unbounded.dial("ws://unresolvable.invalid/", null).close();
            assertThat(contextTimeout.get())
                    .as("no handshake timeout: no bound")
                    .isNull();
        }
    }

    @Test
    void socketFromAFailedHookDialIsClosed() throws Exception {
        try (StubServer stub = StubServer.start(
                (req, out) -> out.write(ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")))) {
            AtomicReference<Socket> made = new AtomicReference<>();
            Dialer dialer = DIALER.toBuilder()
                    .netDial((host, port) -> {
                        made.set(new Socket("127.0.0.1", stub.port()));
                        return made.get();
                    })
                    .build();
            assertThatThrownBy(() -> dialer.dial("ws://x.invalid/", null)).isInstanceOf(BadHandshakeException.class);
            assertThat(made.get().isClosed()).isTrue();
        }
    }

    @Test
    void deprecatedNewClientHandshakesOverAGivenSocket() throws Exception {
        try (StubServer stub = StubServer.start((req, out) -> {
            out.write(ascii(switching(req, "")));
            out.write(new byte[] {(byte) 0x81, 2, 'o', 'k'});
        })) {
            Socket socket = new Socket("127.0.0.1", stub.port());
            @SuppressWarnings("deprecation")
            Conn conn = Dialer.newClient(socket, URI.create("ws://service.invalid/path"), null, 1024, 1024);
            try (conn) {
                conn.setReadDeadline(Instant.now().plusSeconds(5));
                assertThat(conn.netConn().remoteAddress()).isEqualTo(socket.getRemoteSocketAddress());
                assertThat(conn.readMessage().data()).asString().isEqualTo("ok");
            }
            assertThat(stub.takeRequest(WAIT)).startsWith("GET /path HTTP/1.1\r\n");
        }
    }

    @Test
    void cancellingDialAsyncClosesTheSocketPromptly() throws Exception {
        try (StubServer stub = StubServer.start((req, out) -> {})) {
            CompletableFuture<Conn> future = Dialer.DEFAULT.dialAsync(stub.url("/"), null);
            assertThat(stub.takeRequest(WAIT))
                    .as("the dial is waiting for the response")
                    .isNotNull();

            long start = System.nanoTime();
            assertThat(future.cancel(true)).isTrue();
            assertThat(stub.awaitClientClose(Duration.ofSeconds(2)))
                    .as("socket closed by the cancellation")
                    .isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
            assertThatThrownBy(future::get).isInstanceOf(CancellationException.class);
        }
    }

    @Test
    void dialAsyncCompletesWithTheConnectionOrTheError() throws Exception {
        try (StubServer stub = StubServer.start((req, out) -> {
            if (req.startsWith("GET /ok ")) {
                out.write(ascii(switching(req, "")));
            } else {
                out.write(ascii("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"));
            }
        })) {
            try (Conn conn = DIALER.dialAsync(stub.url("/ok"), null).get(5, TimeUnit.SECONDS)) {
                assertThat(conn.handshakeResponse().status()).isEqualTo(101);
            }
            assertThatThrownBy(() -> DIALER.dialAsync(stub.url("/fail"), null).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(BadHandshakeException.class)
                    .hasMessageContaining("500");
            assertThatThrownBy(() -> DIALER.dialAsync("gopher://x/", null).get(5, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(MalformedURLException.class);
        }
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
