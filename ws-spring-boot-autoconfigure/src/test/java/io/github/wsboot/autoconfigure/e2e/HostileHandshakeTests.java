package io.github.wsboot.autoconfigure.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.github.wsboot.autoconfigure.server.ConnectionTracker;

/**
 * Hostile opening handshakes sent byte-exact over raw sockets to a starter application: refused with the
 * right status and never upgraded, nothing left open afterwards. The container's limits guard what comes
 * before our code runs: the header block's size ({@code server.max-http-request-header-size}, 8 KiB by
 * default) and the idle time between its bytes (here 2 s, from {@code server.tomcat.connection-timeout} or
 * {@code server.jetty.connection-idle-timeout}). Run on both containers by the subclasses.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
abstract class HostileHandshakeTests {

    static final String PROPERTIES = "ws.server.allowed-origins=https://app.example.com";
    static final long IDLE_TIMEOUT_MILLIS = 2000;
    /** The trickle's gap between bytes: well above the idle timeout, so a late timer still cuts before the next byte. */
    private static final int GAP_MILLIS = 5000;

    private static final String KEY = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";
    private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\n";

    @LocalServerPort
    int port;

    @Autowired
    ConnectionTracker tracker;

    private String valid() {
        return "Host: localhost:" + port + "\r\n" + UPGRADE + KEY + "Sec-WebSocket-Version: 13\r\n";
    }

    @AfterEach
    void nothingStaysOpen() {
        // Every refused handshake must leave no connection behind (upgrades here end when the socket closes).
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> tracker.active() == 0);
    }

    @Test
    void originsOutsideTheSameOriginAndTheAllowListAreRefused() throws IOException {
        assertThat(status("GET /echo HTTP/1.1\r\n" + valid() + "Origin: https://evil.example\r\n\r\n"))
                .as("cross-site WebSocket hijacking")
                .isEqualTo(403);
        assertThat(status("GET /echo HTTP/1.1\r\n" + valid() + "Origin: https://app.example.com\r\n\r\n"))
                .as("listed in ws.server.allowed-origins")
                .isEqualTo(101);
        assertThat(status("GET /echo HTTP/1.1\r\n" + valid() + "Origin: https://app.example.com.evil.net\r\n\r\n"))
                .as("listed origin as a prefix")
                .isEqualTo(403);
        assertThat(status("GET /echo HTTP/1.1\r\n" + valid() + "Origin: http://app.example.com\r\n\r\n"))
                .as("listed host, other scheme")
                .isEqualTo(403);
        assertThat(status("GET /echo HTTP/1.1\r\n" + valid() + "Origin: null\r\n\r\n"))
                .as("opaque origin (sandboxed frame, file:)")
                .isEqualTo(403);
        assertThat(status("GET /echo HTTP/1.1\r\n" + valid() + "Origin: http://localhost:" + port + "\r\n\r\n"))
                .as("same origin")
                .isEqualTo(101);
    }

    @Test
    void malformedSecWebSocketHeadersAreRefused() throws IOException {
        assertThat(status("GET /echo HTTP/1.1\r\n" + valid() + KEY + "\r\n"))
                .as("two keys")
                .isEqualTo(400);
        assertThat(status("GET /echo HTTP/1.1\r\n" + valid().replace(KEY, "Sec-WebSocket-Key: short\r\n") + "\r\n"))
                .as("key not 16 bytes of base64")
                .isEqualTo(400);
        assertThat(status("GET /echo HTTP/1.1\r\n" + valid().replace(KEY, "") + "\r\n"))
                .as("no key")
                .isEqualTo(400);
        assertThat(status("GET /echo HTTP/1.1\r\n" + valid().replace("Version: 13", "Version: 8") + "\r\n"))
                .as("other version")
                .isEqualTo(426);
        assertThat(status("GET /echo HTTP/1.1\r\n" + valid() + "Sec-WebSocket-Version: 8\r\n\r\n"))
                .as("two versions")
                .isIn(400, 426);
        assertThat(status("GET /echo HTTP/1.1\r\n" + valid().replace(UPGRADE, "Connection: keep-alive\r\n") + "\r\n"))
                .as("no Upgrade")
                .isEqualTo(400);
        // Spring Security's CSRF filter refuses the POST (403) before the endpoint would (405).
        assertThat(status("POST /echo HTTP/1.1\r\n" + valid() + "Content-Length: 0\r\n\r\n"))
                .as("POST")
                .isIn(403, 405);
        assertThat(status("GET /echo HTTP/1.0\r\n" + valid() + "\r\n"))
                .as("HTTP/1.0")
                .isEqualTo(400);
    }

    @Test
    void oddButWellFormedNegotiationHeadersUpgradeWithoutAgreeingToThem() throws IOException {
        // 500 subprotocol tokens (about 5 KiB): none is ours, so none is chosen; nothing quadratic either.
        StringBuilder protocols = new StringBuilder("Sec-WebSocket-Protocol: p0");
        for (int i = 1; i < 500; i++) {
            protocols.append(", p").append(i);
        }
        String head = head("GET /echo HTTP/1.1\r\n" + valid() + protocols + "\r\n\r\n");
        assertThat(statusOf(head)).isEqualTo(101);
        assertThat(head).doesNotContainIgnoringCase("Sec-WebSocket-Protocol");
        // Compression is off here, and a malformed offer must not be echoed back in any case.
        head = head("GET /echo HTTP/1.1\r\n" + valid()
                + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=99; x=\"\r\n\r\n");
        assertThat(statusOf(head)).isEqualTo(101);
        assertThat(head).doesNotContainIgnoringCase("Sec-WebSocket-Extensions");
    }

    @Test
    void oversizedRequestLineAndHeaderBlockAreRefusedByTheContainer() throws IOException {
        String header = "X-Padding: " + "a".repeat(6 * 1024) + "\r\n";
        assertThat(status("GET /echo HTTP/1.1\r\n" + valid() + header + "\r\n"))
                .as("a 6 KiB header block is under the 8 KiB default")
                .isEqualTo(101);
        assertThat(status("GET /echo HTTP/1.1\r\n" + valid() + header + header + "\r\n"))
                .as("a 12 KiB header block")
                .isIn(400, 431);
        assertThat(status("GET /echo?" + "a".repeat(12 * 1024) + " HTTP/1.1\r\n" + valid() + "\r\n"))
                .as("a 12 KiB request line")
                .isIn(400, 414, 431);
    }

    /**
     * Slowloris: the request line, then the headers one byte every 5 s, more than the 2 s the container lets
     * a connection sit idle. The container closes the connection about 2 s after a byte, without an upgrade.
     * (A client that sends each byte just within the idle timeout is bounded only by the header size limit:
     * neither container limits the time of the whole header block.)
     */
    @Test
    void headersTrickledSlowerThanTheIdleTimeoutAreCut() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write("GET /echo HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
            byte[] rest = (valid() + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            long lastByte = System.nanoTime();
            int sent = 0;
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            boolean cut = false;
            try {
                while (sent < rest.length) {
                    out.write(rest[sent++]);
                    out.flush();
                    lastByte = System.nanoTime();
                    s.setSoTimeout(GAP_MILLIS);
                    try {
                        int b = in.read();
                        if (b < 0) {
                            cut = true;
                            break;
                        }
                        response.write(b);
                        response.write(in.readNBytes(in.available()));
                        break; // the server answered something: checked below
                    } catch (SocketTimeoutException stillOpen) {
                        // a gap without a word from the server: send the next byte
                    }
                }
            } catch (SocketException reset) {
                cut = true;
            }
            long afterLastByte = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastByte);
            assertThat(response.toString(StandardCharsets.ISO_8859_1)).doesNotContain(" 101 ");
            assertThat(cut || response.size() > 0)
                    .as("closed or refused before the headers completed")
                    .isTrue();
            assertThat(sent).as("bytes of the header block sent before the cut").isLessThan(rest.length);
            assertThat(afterLastByte).as("ms from the last byte to the cut").isBetween(IDLE_TIMEOUT_MILLIS - 500, (long)
                    GAP_MILLIS);
            System.out.printf(
                    "%s: trickled header block cut %d ms after its last byte, %d of %d bytes sent%n",
                    getClass().getSimpleName(), afterLastByte, sent, rest.length);
        }
    }

    private int status(String request) throws IOException {
        return statusOf(head(request));
    }

    private static int statusOf(String head) {
        return head.length() < 12 ? -1 : Integer.parseInt(head.substring(9, 12));
    }

    /** Sends {@code request} and returns the response head, empty when the server closed without one. */
    private String head(String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            int b;
            while (matched < 4 && (b = in.read()) >= 0) {
                head.write(b);
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
